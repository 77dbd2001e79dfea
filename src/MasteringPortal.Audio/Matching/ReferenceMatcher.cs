using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// Turns a mix's analysis and one or more weighted references into an ordinary <see cref="RenderSettings"/>
/// document (docs/REFERENCE-MATCHING.md):
/// <list type="bullet">
/// <item>Tone: reference − mix per 1/3-octave band of the MID over the loud sections, smoothed, made
/// level-neutral (the K-weighted power of the mix is kept, so the EQ changes colour, not loudness), limited to
/// +MaxBoost/−MaxCut, scaled by the amount, fitted with bells (<see cref="EqCurveFit"/>). The side gets the same
/// curve, so tone alone leaves the stereo image as it is.</item>
/// <item>Width: the change of side level relative to mid per band, (S − M)ref − (S − M)mix, smoothed, limited,
/// scaled, added to the side EQ (mid/side mode).</item>
/// <item>Loudness: the reference's integrated loudness as the target, reached by the renderer under the
/// limiter's true-peak ceiling; the amount moves the target from the mix's loudness to the reference's.</item>
/// <item>Dynamics: when the mix's loudness range exceeds the reference's, a slow bus compressor whose ratio is
/// the ratio of the ranges (at most 4:1), scaled by the amount.</item>
/// </list>
/// Several references: each reference's spectrum is taken relative to its own integrated loudness (so a loud
/// reference does not outweigh a quiet one) and the weighted mean is taken in dB, as are loudness and width.
/// </summary>
public static class ReferenceMatcher
{
    /// <summary>A band whose side is this far below its mid is mono there: EQ cannot widen it.</summary>
    public const double MonoBandDb = 40;

    /// <summary>Above 10 kHz, a band this far below the bands just under it is an encoder's or converter's low-pass.</summary>
    public const double LowPassDropDb = 30;

    /// <summary>Bands further below the loudest band than this are noise floor, not content.</summary>
    public const double ContentRangeDb = 80;

    private const double MaxCompressionRatio = 4;

    public static MatchResult Match(ReferenceAnalysis mix, IReadOnlyList<WeightedReference> references, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(references);
        options ??= new MatchOptions();
        var used = UsableReferences(mix, references, options, out var mixLufs);

        var notes = new List<string>();
        var target = Combine(used);
        var (raw, toneCurve) = ToneCurve(mix, target, options, notes);
        var widthCurve = WidthCurve(mix, target, raw, options, notes);

        var toneFraction = options.Fraction(MatchAspects.Tone);
        var widthFraction = mix.Channels == 2 ? options.Fraction(MatchAspects.Width) : 0;
        var (eq, midEq, sideEq) = Equalisation(toneCurve, widthCurve, toneFraction, widthFraction, mix.SampleRateHz, options);
        var settings = eq is null ? options.BaseSettings : options.BaseSettings with { Eq = eq };

        var targetLufs = TargetLoudness(mixLufs, target, options, notes);
        if (targetLufs is not null) settings = settings with { Loudness = new LoudnessTarget { CustomLufs = targetLufs } };

        var dynamicsFraction = options.Fraction(MatchAspects.Dynamics);
        if (BusCompressor(mix, target, mixLufs, dynamicsFraction, notes) is { } compressor) settings = settings with { Compressor = compressor };

        var amounts = new MatchAmounts(100 * toneFraction, 100 * options.Fraction(MatchAspects.Loudness), 100 * widthFraction, 100 * dynamicsFraction);
        var curves = new MatchCurves(MatchedAudio.RoundAll(toneCurve), MatchedAudio.RoundAll(widthCurve), MatchedAudio.RoundAll(midEq), MatchedAudio.RoundAll(sideEq));
        return new MatchResult(settings, Report(mix, target, references, options, amounts, curves, targetLufs, notes));
    }

    /// <summary>Refuses what cannot be matched, with a reason a user can act on; returns the references that count.</summary>
    private static WeightedReference[] UsableReferences(ReferenceAnalysis mix, IReadOnlyList<WeightedReference> references, MatchOptions options, out double mixLufs)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new MatchException(string.Join(" ", problems));
        if (references.Count == 0) throw new MatchException("Give at least one reference track.");
        foreach (var r in references)
            if (!(r.Weight >= 0 && double.IsFinite(r.Weight)))
                throw new MatchException($"The weight of {Label(r)} must be zero or a positive number.");
        var used = references.Where(r => r.Weight > 0).ToArray();
        if (used.Length == 0) throw new MatchException("Every reference has weight 0: give at least one a weight above 0.");
        if (mix.IntegratedLufs is not { } lufs)
            throw new MatchException("The mix is silent (too quiet to measure), so there is nothing to match.");
        foreach (var r in used)
            if (r.Analysis.IntegratedLufs is null)
                throw new MatchException($"The reference {Label(r)} is silent (too quiet to measure): choose another track.");
        mixLufs = lufs;
        return used;
    }

    /// <summary>
    /// Tone: reference − mix per band of the mid where both have content (<paramref name="notes"/> name the bands left
    /// alone), smoothed, made level-neutral and held within the boost/cut limits. Returns the raw difference too.
    /// </summary>
    private static (double?[] Raw, double?[] Curve) ToneCurve(ReferenceAnalysis mix, ReferenceAnalysis target, MatchOptions options, List<string> notes)
    {
        var bandCount = ThirdOctaveBands.Count;
        var mixMid = mix.LoudSpectrum.MidDb;
        var refMid = target.LoudSpectrum.MidDb;
        var mixUsable = UsableBands(mixMid);
        var refUsable = UsableBands(refMid);
        var raw = new double?[bandCount];
        for (var b = 0; b < bandCount; b++)
            if (mixUsable[b] && refUsable[b]) raw[b] = refMid[b]!.Value - mixMid[b]!.Value;
        var skipped = Enumerable.Range(0, bandCount).Where(b => raw[b] is null && (mixUsable[b] || refUsable[b])).ToArray();
        if (skipped.Length > 0)
            notes.Add($"Left alone (no content in the mix or the reference): {string.Join(", ", skipped.Select(b => Hz(ThirdOctaveBands.NominalCentresHz[b])))}.");
        var tone = Smooth(raw, options.SmoothingOctaves);
        var offset = LevelNeutralOffset(tone, mixMid, mix.SampleRateHz);
        var curve = new double?[bandCount];
        var limited = new List<string>();
        for (var b = 0; b < bandCount; b++)
        {
            if (tone[b] is not { } t) continue;
            var v = t - offset;
            var c = Math.Clamp(v, -options.MaxCutDb, options.MaxBoostDb);
            if (Math.Abs(c - v) > 0.05) limited.Add(Hz(ThirdOctaveBands.NominalCentresHz[b]));
            curve[b] = c;
        }
        if (limited.Count > 0 && options.Fraction(MatchAspects.Tone) > 0)
            notes.Add($"The reference asks for more than +{F(options.MaxBoostDb)}/-{F(options.MaxCutDb)} dB at {string.Join(", ", limited)}: held at the limit.");
        return (raw, curve);
    }

    /// <summary>Width: the change of side relative to mid per band, where both files have a side and the tone was matched.</summary>
    private static double?[] WidthCurve(ReferenceAnalysis mix, ReferenceAnalysis target, double?[] raw, MatchOptions options, List<string> notes)
    {
        var bandCount = ThirdOctaveBands.Count;
        var widthCurve = new double?[bandCount];
        if (mix.Channels != 2 || mix.LoudSpectrum.SideDb is not { } mixSide || target.LoudSpectrum.SideDb is null)
        {
            if ((options.Aspects & MatchAspects.Width) != 0) notes.Add("Width is matched only between stereo files: skipped.");
            return widthCurve;
        }
        var mixWidth = mix.WidthDb;
        var refWidth = target.WidthDb;
        var rawWidth = new double?[bandCount];
        var mono = new List<string>();
        for (var b = 0; b < bandCount; b++)
        {
            if (raw[b] is null || mixWidth[b] is not { } mw || refWidth[b] is not { } rw) continue;
            if (mw < -MonoBandDb || mixSide[b] is null) { mono.Add(Hz(ThirdOctaveBands.NominalCentresHz[b])); continue; }
            if (rw < -MonoBandDb) rw = -MonoBandDb;
            rawWidth[b] = rw - mw;
        }
        if (mono.Count > 0 && options.Fraction(MatchAspects.Width) > 0)
            notes.Add($"The mix is mono at {string.Join(", ", mono)}: its width there cannot be matched.");
        var smoothWidth = Smooth(rawWidth, options.SmoothingOctaves);
        for (var b = 0; b < bandCount; b++)
            if (smoothWidth[b] is { } w) widthCurve[b] = Math.Clamp(w, -options.MaxWidthChangeDb, options.MaxWidthChangeDb);
        return widthCurve;
    }

    /// <summary>
    /// The EQ that applies the scaled tone curve to mid and side alike, switching to mid/side with the width added to
    /// the side when the width change is audible. Null EQ stage (and flat curves) when neither aspect is wanted.
    /// </summary>
    private static (EqStage? Stage, double?[] MidEq, double?[] SideEq) Equalisation(
        double?[] toneCurve, double?[] widthCurve, double toneFraction, double widthFraction, int rate, MatchOptions options)
    {
        var bandCount = ThirdOctaveBands.Count;
        if (toneFraction <= 0 && widthFraction <= 0)
        {
            var flat = Enumerable.Repeat<double?>(0.0, bandCount).ToArray();
            return (null, flat, flat);
        }
        var midTarget = toneCurve.Select(t => t * toneFraction).ToArray();
        var midFit = EqCurveFit.Solve(midTarget, rate, -options.MaxCutDb, options.MaxBoostDb);
        var eq = new ParametricEqSettings { Mode = EqChannelMode.Stereo, Bands = midFit.Bands };
        var sideEq = midFit.AchievedDb;
        if (widthFraction > 0 && widthCurve.Any(w => w is { } x && Math.Abs(x * widthFraction) >= 0.05))
        {
            var sideTarget = new double?[bandCount];
            for (var b = 0; b < bandCount; b++)
                sideTarget[b] = midTarget[b] is null && widthCurve[b] is null ? null : (midTarget[b] ?? 0) + (widthCurve[b] ?? 0) * widthFraction;
            var sideFit = EqCurveFit.Solve(sideTarget, rate,
                -options.MaxCutDb - options.MaxWidthChangeDb, options.MaxBoostDb + options.MaxWidthChangeDb);
            sideEq = sideFit.AchievedDb;
            eq = eq with { Mode = EqChannelMode.MidSide, SideBands = sideFit.Bands };
        }
        return (new EqStage { Enabled = eq.Bands.Count + eq.SideBands.Count > 0, LinearPhase = false, Settings = eq }, midFit.AchievedDb, sideEq);
    }

    /// <summary>Loudness: from the mix's level towards the reference's, within what a master may aim at; null when not matched.</summary>
    private static double? TargetLoudness(double mixLufs, ReferenceAnalysis target, MatchOptions options, List<string> notes)
    {
        if ((options.Aspects & MatchAspects.Loudness) == 0) return null;
        var wanted = mixLufs + options.Fraction(MatchAspects.Loudness) * (target.IntegratedLufs!.Value - mixLufs);
        var reachable = Math.Clamp(wanted, -36, -5);
        if (Math.Abs(reachable - wanted) > 0.005)
            notes.Add($"A loudness of {F(wanted)} LUFS is outside what a master may aim at (-36 to -5 LUFS): aiming at {F(reachable)} LUFS.");
        return Math.Round(reachable, 2);
    }

    /// <summary>Dynamics: a slow bus compressor when the mix moves more than the reference (the match never expands).</summary>
    private static ProcessorStage<CompressorSettings>? BusCompressor(ReferenceAnalysis mix, ReferenceAnalysis target, double mixLufs, double fraction, List<string> notes)
    {
        if (fraction <= 0) return null;
        if (mix.LoudnessRangeLu is not { } mixLra || target.LoudnessRangeLu is not { } refLra || !(mixLra > refLra + 0.5))
        {
            notes.Add("The mix's loudness range is not wider than the reference's: dynamics left as they are (the match never expands).");
            return null;
        }
        var fullRatio = Math.Min(MaxCompressionRatio, mixLra / Math.Max(refLra, 1));
        var ratio = Math.Round(1 + fraction * (fullRatio - 1), 2);
        // The detector reads sample peaks: dense music peaks ~6 dB above its short-term loudness, and the
        // lower half of the mix's loudness range is left uncompressed.
        var threshold = Math.Round(Math.Clamp(mixLufs - mixLra / 2 + 6, -60, 0), 1);
        return new ProcessorStage<CompressorSettings>
        {
            Enabled = ratio > 1,
            Settings = new CompressorSettings
            {
                ThresholdDb = threshold, Ratio = ratio, KneeDb = 6, AttackMs = 30, ReleaseMs = 300,
                SidechainHighPassHz = 90, StereoLinkPercent = 100, MakeupGainDb = 0,
            },
        };
    }

    private static MatchReport Report(ReferenceAnalysis mix, ReferenceAnalysis target, IReadOnlyList<WeightedReference> references,
        MatchOptions options, MatchAmounts amounts, MatchCurves curves, double? targetLufs, List<string> notes) => new()
    {
        BandCentresHz = (double[])ThirdOctaveBands.NominalCentresHz.Clone(),
        Amounts = amounts,
        Limits = new MatchLimits(options.MaxBoostDb, options.MaxCutDb, options.MaxWidthChangeDb, options.SmoothingOctaves),
        Mix = MatchedAudio.From(mix, "mix"),
        Reference = MatchedAudio.From(target, "reference (weighted)"),
        References = references.Select(r => MatchedAudio.From(r.Analysis, r.Name, r.Weight)).ToArray(),
        Curves = curves,
        TargetLufs = targetLufs,
        Notes = notes,
    };

    /// <summary>
    /// The weighted combination of the references: spectra relative to each one's integrated loudness, averaged in
    /// dB and put back at the mean loudness; width per band, LRA and true peak averaged likewise.
    /// </summary>
    public static ReferenceAnalysis Combine(IReadOnlyList<WeightedReference> references)
    {
        var used = references.Where(r => r.Weight > 0 && r.Analysis.IntegratedLufs is not null).ToArray();
        if (used.Length == 0) throw new MatchException("No reference with a weight above 0 and measurable loudness.");
        if (used.Length == 1) return used[0].Analysis;
        var bandCount = ThirdOctaveBands.Count;
        var lufs = Mean(used, r => r.Analysis.IntegratedLufs);
        var mid = new double?[bandCount];
        var side = new double?[bandCount];
        var anySide = used.All(r => r.Analysis.LoudSpectrum.SideDb is not null);
        for (var b = 0; b < bandCount; b++)
        {
            var band = b;
            var relative = Mean(used, r => r.Analysis.LoudSpectrum.MidDb[band] - r.Analysis.IntegratedLufs);
            if (relative is null) continue;
            mid[b] = relative + lufs;
            if (anySide && Mean(used, r => r.Analysis.WidthDb[band]) is { } width) side[b] = mid[b] + width;
        }
        var first = used[0].Analysis;
        return new ReferenceAnalysis(
            first.SampleRateHz,
            used.Max(r => r.Analysis.Channels),
            used.Max(r => r.Analysis.DurationSeconds),
            lufs,
            Mean(used, r => r.Analysis.LoudnessRangeLu),
            Mean(used, r => r.Analysis.TruePeakDbtp),
            Mean(used, r => r.Analysis.MaxShortTermLufs),
            new ThirdOctaveSpectrum((double[])ThirdOctaveBands.NominalCentresHz.Clone(), mid, anySide ? side : null),
            null,
            Mean(used, r => r.Analysis.LoudShare) ?? 0);
    }

    /// <summary>Weighted mean over the references that have a value (weights renormalised over them).</summary>
    private static double? Mean(IEnumerable<WeightedReference> references, Func<WeightedReference, double?> value)
    {
        double sum = 0, weight = 0;
        foreach (var r in references)
        {
            if (value(r) is not { } v || !double.IsFinite(v)) continue;
            sum += r.Weight * v;
            weight += r.Weight;
        }
        return weight > 0 ? sum / weight : null;
    }

    /// <summary>
    /// Bands with content: measured, within <see cref="ContentRangeDb"/> of the loudest band, and (from 10 kHz up)
    /// not a cliff of <see cref="LowPassDropDb"/> below the bands just under it; everything above such a cliff is out too.
    /// </summary>
    internal static bool[] UsableBands(IReadOnlyList<double?> spectrum)
    {
        var usable = new bool[spectrum.Count];
        var loudest = spectrum.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NegativeInfinity).Max();
        var cut = false;
        for (var b = 0; b < spectrum.Count; b++)
        {
            if (spectrum[b] is not { } v || v < loudest - ContentRangeDb) continue;
            if (ThirdOctaveBands.NominalCentresHz[b] >= 10_000)
            {
                var below = Enumerable.Range(Math.Max(0, b - 3), Math.Min(3, b)).Select(i => spectrum[i]).Where(x => x is not null).Select(x => x!.Value).DefaultIfEmpty(v).Max();
                if (cut || v < below - LowPassDropDb) { cut = true; continue; }
            }
            usable[b] = true;
        }
        return usable;
    }

    /// <summary>Gaussian smoothing across bands (FWHM in octaves; bands 1/3 octave apart), over the bands that have a value.</summary>
    internal static double?[] Smooth(IReadOnlyList<double?> curve, double fwhmOctaves)
    {
        var result = curve.ToArray();
        if (fwhmOctaves <= 0) return result;
        var sigmaBands = fwhmOctaves / (2 * Math.Sqrt(2 * Math.Log(2))) * 3;
        var reach = (int)Math.Ceiling(3 * sigmaBands);
        for (var b = 0; b < curve.Count; b++)
        {
            if (curve[b] is null) continue;
            double sum = 0, weight = 0;
            for (var j = Math.Max(0, b - reach); j <= Math.Min(curve.Count - 1, b + reach); j++)
            {
                if (curve[j] is not { } v) continue;
                var w = Math.Exp(-0.5 * Math.Pow((j - b) / sigmaBands, 2));
                sum += w * v;
                weight += w;
            }
            result[b] = sum / weight;
        }
        return result;
    }

    /// <summary>The dB offset that makes a curve keep the mix's K-weighted power (BS.1770-4 weighting per band centre).</summary>
    private static double LevelNeutralOffset(IReadOnlyList<double?> curve, IReadOnlyList<double?> mixDb, int sampleRateHz)
    {
        double before = 0, after = 0;
        for (var b = 0; b < curve.Count; b++)
        {
            if (curve[b] is not { } c || mixDb[b] is not { } m) continue;
            var f = Math.Min(ThirdOctaveBands.ExactCentreHz(b), 0.45 * sampleRateHz);
            var power = Math.Pow(10, (m + KWeighting.MagnitudeDb(f, sampleRateHz)) / 10);
            before += power;
            after += power * Math.Pow(10, c / 10);
        }
        return before > 0 && after > 0 ? 10 * Math.Log10(after / before) : 0;
    }

    private static string Label(WeightedReference r) => r.Name ?? "a reference";

    private static string Hz(double hz) => hz >= 1000 ? (hz / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " kHz" : hz.ToString("0.#", CultureInfo.InvariantCulture) + " Hz";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
