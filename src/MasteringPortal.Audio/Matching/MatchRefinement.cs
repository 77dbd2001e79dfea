using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// Closes the loop of a tone match: after a trial render, the master's loud-section spectrum is compared with what
/// the match meant it to be, and the EQ is corrected by the difference.
/// <para>
/// Why: the EQ is solved for the mix, but the chain after it changes the tone too. Driven towards a loud reference,
/// the true-peak limiter pulls down what drives it (the low end and the transients) and the bus compressor does the
/// same more slowly; the bells cannot follow a curve exactly and the limits hold the rest back. Measured on the
/// matching test set (docs/REFERENCE-MATCHING.md) the limiter alone left 0.5-1 dB of the distance on loud
/// references. The master, not the EQ, is what has to sound like the reference, so the error is measured where the
/// listener hears it and the EQ aimed past the chain's own colour.
/// </para>
/// <para>
/// The goal is the match as the engineer set it: the mix's spectrum changed by amount × the tone curve (mid) and
/// also by amount × the width curve (side). The new EQ target per band is the old EQ's achieved gain plus
/// (goal − measured change), with the mean over the bands taken out (level is the loudness stage's job), held
/// within the same boost/cut limits, and fitted with the same bells. One trial is enough: the correction changes
/// the limiter's work by a fraction of a dB, which changes its colour by far less.
/// </para>
/// </summary>
public static class MatchRefinement
{
    /// <summary>A correction smaller than this everywhere (dB) is not worth a different EQ.</summary>
    public const double NegligibleErrorDb = 0.1;

    /// <summary>The match with its EQ corrected by what the trial master shows (the same match when no tone or width was asked).</summary>
    /// <param name="match">The match as <see cref="ReferenceMatcher.Match"/> made it, whose settings were rendered.</param>
    /// <param name="mix">The mix's analysis the match was made from.</param>
    /// <param name="trialMaster">The trial master rendered with <paramref name="match"/>'s settings, analysed the same way.</param>
    public static MatchResult Refine(MatchResult match, ReferenceAnalysis mix, ReferenceAnalysis trialMaster, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(trialMaster);
        ArgumentNullException.ThrowIfNull(options);
        var report = match.Report;
        var toneFraction = report.Amounts.TonePercent / 100;
        var widthFraction = report.Amounts.WidthPercent / 100;
        var eq = match.Settings.Eq;
        if (!eq.Enabled || toneFraction <= 0 && widthFraction <= 0) return match;

        var bandCount = ThirdOctaveBands.Count;
        var midGoal = new double?[bandCount];
        var sideGoal = new double?[bandCount];
        for (var b = 0; b < bandCount; b++)
        {
            var tone = report.Curves.ToneDb[b] * toneFraction;
            var width = report.Curves.WidthDb[b] * widthFraction;
            midGoal[b] = tone;
            sideGoal[b] = tone is null && width is null ? null : (tone ?? 0) + (width ?? 0);
        }

        var midError = Error(midGoal, mix.LoudSpectrum.MidDb, trialMaster.LoudSpectrum.MidDb);
        var rate = mix.SampleRateHz;
        var midTarget = Corrected(report.Curves.MidEqDb, midError, -options.MaxCutDb, options.MaxBoostDb);
        var midFit = EqCurveFit.Solve(midTarget, rate, -options.MaxCutDb, options.MaxBoostDb);
        var settings = eq.Settings with { Bands = midFit.Bands };
        var sideAchieved = midFit.AchievedDb;
        var largest = midError.Max(e => e is { } v ? Math.Abs(v) : 0);
        if (eq.Settings.Mode == EqChannelMode.MidSide && mix.LoudSpectrum.SideDb is { } mixSide && trialMaster.LoudSpectrum.SideDb is { } masterSide)
        {
            var sideError = Error(sideGoal, mixSide, masterSide);
            var sideLimitCut = -options.MaxCutDb - options.MaxWidthChangeDb;
            var sideLimitBoost = options.MaxBoostDb + options.MaxWidthChangeDb;
            var sideFit = EqCurveFit.Solve(Corrected(report.Curves.SideEqDb, sideError, sideLimitCut, sideLimitBoost), rate, sideLimitCut, sideLimitBoost);
            settings = settings with { SideBands = sideFit.Bands };
            sideAchieved = sideFit.AchievedDb;
            largest = Math.Max(largest, sideError.Max(e => e is { } v ? Math.Abs(v) : 0));
        }
        if (largest < NegligibleErrorDb) return match;

        var notes = report.Notes.Append(string.Create(CultureInfo.InvariantCulture,
            $"Checked on a trial render: the chain after the EQ (limiter, compressor) and the EQ's own shape left the master up to {largest:0.0} dB off the match; the EQ was corrected for it.")).ToList();
        var curves = report.Curves with { MidEqDb = MatchedAudio.RoundAll(midFit.AchievedDb), SideEqDb = MatchedAudio.RoundAll(sideAchieved) };
        return new MatchResult(
            match.Settings with { Eq = eq with { Enabled = settings.Bands.Count + settings.SideBands.Count > 0, Settings = settings } },
            report with { Curves = curves, Notes = notes });
    }

    /// <summary>goal − (master − mix) per band where all three are known, with the mean over those bands removed.</summary>
    internal static double?[] Error(IReadOnlyList<double?> goal, IReadOnlyList<double?> mixDb, IReadOnlyList<double?> masterDb)
    {
        var error = new double?[goal.Count];
        for (var b = 0; b < goal.Count; b++)
            if (goal[b] is { } g && mixDb[b] is { } m && masterDb[b] is { } r) error[b] = g - (r - m);
        var known = error.Where(e => e is not null).Select(e => e!.Value).ToArray();
        if (known.Length == 0) return error;
        var mean = known.Average();
        return error.Select(e => e - mean).ToArray();
    }

    private static double?[] Corrected(IReadOnlyList<double?> achievedDb, IReadOnlyList<double?> errorDb, double minDb, double maxDb)
    {
        var target = new double?[achievedDb.Count];
        for (var b = 0; b < target.Length; b++)
            if (errorDb[b] is { } e) target[b] = Math.Clamp((achievedDb[b] ?? 0) + e, minDb, maxDb);
        return target;
    }
}
