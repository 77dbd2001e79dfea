using System.Globalization;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Turns the measurements into the checklist. Thresholds are the studio's delivery rules (peaks at -3 dBFS or
/// lower, -6 preferred) and common mastering-intake practice; each is named here and listed in
/// docs/ANALYZE-JSON.md. Problems (peaks at 0 dBFS, clipping, a mix-bus limiter, a lossy source) block a
/// submission; warnings are advice.
/// </summary>
public static class IntakeChecks
{
    public const double DeliveryPeakLimitDb = -3;
    public const double PreferredPeakDb = -6;
    /// <summary>A peak this close to 0 dBFS is "at 0 dBFS" (the usual -0.1 dBFS export ceiling included).</summary>
    public const double FullScalePeakDb = -0.1;
    /// <summary>Loud and dense: integrated loudness at or above this with a PLR at or below the next one.</summary>
    public const double BusLimitedLoudnessLufs = -11;
    public const double BusLimitedPlrDb = 9;
    /// <summary>Half the loud 3 s windows with their peak within 0.1 dB of the maximum: peaks pinned at a ceiling.</summary>
    public const double PinnedShareLimit = 0.5;
    public const double DcOffsetLimitDbfs = -50;
    /// <summary>Unrelated left and right lose 3 LU in mono; more than this means partial cancellation.</summary>
    public const double MonoLossLimitLu = 3.5;
    public const double LeadingSilenceLimitSeconds = 2;
    public const double TrailingSilenceLimitSeconds = 5;
    public const int MinimumSampleRateHz = 44_100;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<IntakeCheck> Evaluate(IntakeAnalysis a, bool declaredLossy) =>
    [
        Headroom(a), Clipping(a), BusLimiting(a), BitDepth(a), SampleRate(a), LossySource(a, declaredLossy),
        DcOffset(a), MonoCompatibility(a), Silence(a),
    ];

    private static string Db(double value) => value.ToString("0.0", Inv);

    /// <summary>"1:12.5": a moment in the track as people read it.</summary>
    internal static string Time(double seconds)
    {
        var minutes = (int)(seconds / 60);
        return minutes.ToString(Inv) + ":" + (seconds - 60 * minutes).ToString("00.0", Inv);
    }

    private static IntakeCheck Headroom(IntakeAnalysis a)
    {
        const string id = "headroom";
        if (a.SamplePeakDbfs is not { } sample) return new(id, CheckStatus.Pass, "The file is silent, so there are no peaks to check.");
        var peak = Math.Max(sample, a.TruePeakDbtp ?? sample);
        if (peak >= FullScalePeakDb)
            return new(id, CheckStatus.Problem,
                $"Your mix peaks at {Db(peak)} dBFS: please export it again with the peaks at -3 dBFS or lower (no limiter on the mix bus).");
        if (peak > DeliveryPeakLimitDb)
            return new(id, CheckStatus.Warning,
                $"Your mix peaks at {Db(peak)} dBFS, above the -3 dBFS we ask for: please pull the master fader down (not with a limiter) and export again with the peaks at -3 dBFS or lower, ideally -6.");
        if (peak > PreferredPeakDb)
            return new(id, CheckStatus.Pass, $"Your mix peaks at {Db(peak)} dBFS, within the -3 dBFS limit (around -6 dBFS is ideal).");
        return new(id, CheckStatus.Pass, $"Your mix peaks at {Db(peak)} dBFS, which leaves good headroom for mastering.");
    }

    private static IntakeCheck Clipping(IntakeAnalysis a)
    {
        const string id = "clipping";
        var clipping = a.Clipping;
        if (clipping.EventCount == 0) return new(id, CheckStatus.Pass, "No clipping found.");
        var first = clipping.Events.Count > 0 ? $" (the first at {Time(clipping.Events[0].StartSeconds)})" : "";
        var passages = clipping.EventCount == 1 ? "one clipped passage" : $"{clipping.EventCount} clipped passages";
        return new(id, CheckStatus.Problem,
            $"We found {passages}{first}: please find the track or plug-in that overloads, and export again with the peaks at -3 dBFS or lower.");
    }

    private static IntakeCheck BusLimiting(IntakeAnalysis a)
    {
        const string id = "bus-limiting";
        var loudAndDense = a.IntegratedLufs >= BusLimitedLoudnessLufs && a.PeakToLoudnessRatioDb <= BusLimitedPlrDb;
        var pinned = a.PinnedPeakShare >= PinnedShareLimit;
        var peak = Db(a.SamplePeakDbfs ?? 0);
        if (loudAndDense && pinned)
            return new(id, CheckStatus.Problem,
                $"Your mix looks limited on the mix bus (loudness {Db(a.IntegratedLufs!.Value)} LUFS with the peaks held at {peak} dBFS almost throughout): please bypass the mix-bus limiter and export again, and leave the loudness to mastering.");
        if (loudAndDense)
            return new(id, CheckStatus.Warning,
                $"Your mix is very loud ({Db(a.IntegratedLufs!.Value)} LUFS, only {Db(a.PeakToLoudnessRatioDb!.Value)} dB from peak to loudness), which usually means a limiter or heavy compression on the mix bus: if there is one, please bypass it and export again.");
        if (pinned)
            return new(id, CheckStatus.Warning,
                $"Your peaks sit at the same level ({peak} dBFS) through most of the song, which usually means a limiter on the mix bus: if there is one, please bypass it and export again.");
        return new(id, CheckStatus.Pass, "No sign of a limiter on the mix bus.");
    }

    private static IntakeCheck BitDepth(IntakeAnalysis a)
    {
        const string id = "bit-depth";
        var isFloat = a.Encoding == "float";
        var declared = isFloat ? $"{a.BitDepth}-bit float" : $"{a.BitDepth}-bit";
        if (a.EffectiveBitDepth is not { } effective)
            return new(id, CheckStatus.Pass, "The file is silent, so its bit depth cannot be checked.");
        if (a.BitDepth == 0)
            return new(id, CheckStatus.Pass, "A compressed file has no fixed bit depth to check (see the lossy-source check).");
        if (effective <= 16 && (a.BitDepth > 16 || isFloat))
            return new(id, CheckStatus.Warning,
                $"Your {declared} file only carries {effective}-bit detail, so it was converted from a {effective}-bit export: please export again straight from your session at 24-bit or 32-bit float.");
        if (a.BitDepth <= 16)
            return new(id, CheckStatus.Warning,
                $"Your mix is {a.BitDepth}-bit: if you can, export it at 24-bit or 32-bit float so that its quietest details survive mastering.");
        return new(id, CheckStatus.Pass, $"Your file is {declared} and uses {Math.Min(effective, a.BitDepth)} bits of it.");
    }

    private static IntakeCheck SampleRate(IntakeAnalysis a)
    {
        const string id = "sample-rate";
        var rate = (a.SampleRateHz / 1000.0).ToString("0.###", Inv);
        return a.SampleRateHz < MinimumSampleRateHz
            ? new(id, CheckStatus.Warning, $"Your mix is at {rate} kHz, below the 44.1 kHz of a CD: please export it at your session's sample rate, 44.1 kHz or higher.")
            : new(id, CheckStatus.Pass, $"The sample rate, {rate} kHz, is fine.");
    }

    private static IntakeCheck LossySource(IntakeAnalysis a, bool declaredLossy)
    {
        const string id = "lossy-source";
        if (declaredLossy)
            return new(id, CheckStatus.Problem,
                $"{a.Container.ToUpperInvariant()} files lose detail when they are encoded: please send the WAV or AIFF export of your mix instead.");
        if (a.LossyCutoff.CutoffHz is { } cutoff)
            return new(id, CheckStatus.Warning,
                $"Your mix has almost nothing above {(cutoff / 1000).ToString("0.0", Inv)} kHz, as happens when audio has been through MP3 or AAC: please make sure no MP3 or AAC files are in the session and export the mix straight to WAV or AIFF.");
        return new(id, CheckStatus.Pass, "No sign of MP3 or AAC encoding.");
    }

    private static IntakeCheck DcOffset(IntakeAnalysis a)
    {
        const string id = "dc-offset";
        double worst = double.NegativeInfinity;
        var worstChannel = 0;
        for (var c = 0; c < a.DcOffsetDbfs.Length; c++)
        {
            if (a.DcOffsetDbfs[c] is { } db && db > worst) { worst = db; worstChannel = c; }
        }
        if (worst < DcOffsetLimitDbfs) return new(id, CheckStatus.Pass, "No DC offset.");
        var where = a.Channels == 1 ? "" : $" in the {ChannelName(worstChannel, a.Channels)} channel";
        return new(id, CheckStatus.Warning,
            $"Your mix has a DC offset of {Db(worst)} dBFS{where}: please look for a faulty plug-in or recording in the session, because the offset wastes headroom.");
    }

    private static string ChannelName(int channel, int channels) => (channels, channel) switch
    {
        (2, 0) => "left",
        (2, 1) => "right",
        _ => $"{channel + 1}.",
    };

    private static IntakeCheck MonoCompatibility(IntakeAnalysis a)
    {
        const string id = "mono-compatibility";
        if (a.Channels < 2 || a.StereoCorrelation is not { } r)
            return new(id, CheckStatus.Pass, a.Channels < 2 ? "The file is mono." : "One side of the stereo file is silent.");
        var correlation = r.ToString("0.00", Inv);
        if (a.IntegratedLufs is not null && a.MonoFoldDownLufs is null)
            return new(id, CheckStatus.Warning,
                "Your left and right channels cancel each other out in mono, so one side is polarity-inverted: please check the polarity of your tracks and of the mix bus.");
        if (a.MonoFoldDownLossLu is { } loss && (loss > MonoLossLimitLu || r < 0))
            return new(id, CheckStatus.Warning,
                $"Your mix loses {Db(loss)} LU when played in mono (correlation {correlation}): please check for polarity-inverted tracks or over-wide stereo effects.");
        if (a.MonoFoldDownLossLu is { } fine)
            return new(id, CheckStatus.Pass, $"Your mix folds down to mono well (it loses {Db(fine)} LU, correlation {correlation}).");
        return new(id, CheckStatus.Pass, $"The stereo correlation is {correlation}.");
    }

    private static IntakeCheck Silence(IntakeAnalysis a)
    {
        const string id = "silence";
        var s = a.Silence;
        if (s.EntirelySilent)
            return new(id, CheckStatus.Warning, "The file is silent: please check that you exported the right track.");
        if (s.LeadingSeconds > LeadingSilenceLimitSeconds || s.TrailingSeconds > TrailingSilenceLimitSeconds)
            return new(id, CheckStatus.Warning,
                $"Your mix has {s.LeadingSeconds.ToString("0.0", Inv)} s of silence before and {s.TrailingSeconds.ToString("0.0", Inv)} s after the music: please trim it to at most 2 s before and 5 s after, keeping the natural decay.");
        return new(id, CheckStatus.Pass,
            $"Silence before the music: {s.LeadingSeconds.ToString("0.00", Inv)} s, after: {s.TrailingSeconds.ToString("0.00", Inv)} s.");
    }
}
