using System.Globalization;

namespace MasteringPortal.Audio.Analysis;

/// <summary>What a master is held to: the studio's true-peak ceiling, the brief's loudness target and resolution.</summary>
/// <param name="TargetLufs">The brief's integrated loudness target; null when the brief names none (CD or vinyl only).</param>
/// <param name="WantsHighResolution">The brief asks for a 24-bit master.</param>
public sealed record MasterExpectations(double CeilingDbtp, double? TargetLufs, bool WantsHighResolution);

/// <summary>
/// The checks of a master made on the engineer's own chain, in words for the engineer, before the client hears it:
/// true peak over the studio's ceiling, clipping, loudness far from the brief's target, a resolution below what was
/// asked, silence at the ends, DC offset and mono compatibility. The engineer sees them on the revision before
/// deciding to post it.
/// </summary>
public static class MasterChecks
{
    /// <summary>How far (LU) the master may sit from the brief's target before it is pointed out.</summary>
    public const double LoudnessToleranceLu = 2.0;

    /// <summary>Silence longer than this before the music is more than a master's usual pause (seconds).</summary>
    public const double LeadingSilenceLimitSeconds = 1.0;

    /// <summary>Silence longer than this after the decay is more than a master's usual tail (seconds).</summary>
    public const double TrailingSilenceLimitSeconds = 10.0;

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<IntakeCheck> Evaluate(IntakeAnalysis a, MasterExpectations expected) =>
    [
        TruePeak(a, expected), Clipping(a), Loudness(a, expected), Resolution(a, expected), Silence(a), DcOffset(a), Mono(a),
    ];

    static string Db(double value) => value.ToString("0.0", Inv);

    static IntakeCheck TruePeak(IntakeAnalysis a, MasterExpectations expected)
    {
        const string id = "true-peak";
        if (a.TruePeakDbtp is not { } peak) return new(id, CheckStatus.Pass, "The master is silent, so it has no peaks.");
        return peak > expected.CeilingDbtp + 0.05
            ? new(id, CheckStatus.Problem,
                $"True peak {Db(peak)} dBTP is above the studio's ceiling of {Db(expected.CeilingDbtp)} dBTP: it may distort once a platform encodes it. Lower the limiter's ceiling and export again.")
            : new(id, CheckStatus.Pass, $"True peak {Db(peak)} dBTP, within the ceiling of {Db(expected.CeilingDbtp)} dBTP.");
    }

    static IntakeCheck Clipping(IntakeAnalysis a)
    {
        const string id = "clipping";
        var count = a.Clipping.EventCount;
        if (count == 0) return new(id, CheckStatus.Pass, "No clipped samples.");
        var first = a.Clipping.Events.Count > 0 ? $", the first at {IntakeChecks.Time(a.Clipping.Events[0].StartSeconds)}" : "";
        return new(id, CheckStatus.Warning,
            $"{count} run{(count == 1 ? "" : "s")} of samples at full scale{first}: if the clipping is not intended, check the last stage of the chain.");
    }

    static IntakeCheck Loudness(IntakeAnalysis a, MasterExpectations expected)
    {
        const string id = "loudness";
        if (a.IntegratedLufs is not { } lufs) return new(id, CheckStatus.Warning, "The master is silent: check that the right file was exported.");
        if (expected.TargetLufs is not { } target) return new(id, CheckStatus.Pass, $"Integrated loudness {Db(lufs)} LUFS; the brief sets no loudness target.");
        var off = lufs - target;
        return Math.Abs(off) > LoudnessToleranceLu
            ? new(id, CheckStatus.Warning,
                $"Integrated loudness {Db(lufs)} LUFS is {Db(Math.Abs(off))} LU {(off > 0 ? "louder" : "quieter")} than the brief's target of {Db(target)} LUFS.")
            : new(id, CheckStatus.Pass, $"Integrated loudness {Db(lufs)} LUFS, within {Db(LoudnessToleranceLu)} LU of the brief's {Db(target)} LUFS.");
    }

    static IntakeCheck Resolution(IntakeAnalysis a, MasterExpectations expected)
    {
        const string id = "resolution";
        var rate = (a.SampleRateHz / 1000.0).ToString("0.###", Inv);
        var depth = a.Encoding == "float" ? $"{a.BitDepth}-bit float" : $"{a.BitDepth}-bit";
        if (a.SampleRateHz < IntakeChecks.MinimumSampleRateHz)
            return new(id, CheckStatus.Problem, $"The master is at {rate} kHz, below the 44.1 kHz every release format needs.");
        if (expected.WantsHighResolution && a.Encoding != "float" && a.BitDepth < 24)
            return new(id, CheckStatus.Problem,
                $"The master is {depth}, but the brief asks for a 24-bit master: export it at 24-bit (or 32-bit float) before dithering.");
        return new(id, CheckStatus.Pass, $"{depth} at {rate} kHz.");
    }

    static IntakeCheck Silence(IntakeAnalysis a)
    {
        const string id = "silence";
        var s = a.Silence;
        if (s.EntirelySilent) return new(id, CheckStatus.Problem, "The master is silent: check that the right file was exported.");
        return s.LeadingSeconds > LeadingSilenceLimitSeconds || s.TrailingSeconds > TrailingSilenceLimitSeconds
            ? new(id, CheckStatus.Warning,
                $"{s.LeadingSeconds.ToString("0.0", Inv)} s of silence before the music and {s.TrailingSeconds.ToString("0.0", Inv)} s after it: trim the ends unless the pause is intended.")
            : new(id, CheckStatus.Pass, $"Silence before the music {s.LeadingSeconds.ToString("0.00", Inv)} s, after {s.TrailingSeconds.ToString("0.00", Inv)} s.");
    }

    static IntakeCheck DcOffset(IntakeAnalysis a)
    {
        const string id = "dc-offset";
        var worst = a.DcOffsetDbfs.OfType<double>().DefaultIfEmpty(double.NegativeInfinity).Max();
        return worst >= IntakeChecks.DcOffsetLimitDbfs
            ? new(id, CheckStatus.Warning, $"DC offset of {Db(worst)} dBFS: a high-pass or DC filter at the end of the chain removes it.")
            : new(id, CheckStatus.Pass, "No DC offset.");
    }

    static IntakeCheck Mono(IntakeAnalysis a)
    {
        const string id = "mono-compatibility";
        if (a.Channels < 2 || a.StereoCorrelation is not { } r) return new(id, CheckStatus.Pass, "Nothing to fold down.");
        var correlation = r.ToString("0.00", Inv);
        if (a.IntegratedLufs is not null && a.MonoFoldDownLufs is null)
            return new(id, CheckStatus.Problem, "Left and right cancel in mono: one side is polarity-inverted.");
        return a.MonoFoldDownLossLu is { } loss && (loss > IntakeChecks.MonoLossLimitLu || r < 0)
            ? new(id, CheckStatus.Warning, $"The master loses {Db(loss)} LU in mono (correlation {correlation}): check wide stereo processing.")
            : new(id, CheckStatus.Pass, $"Folds down to mono well (correlation {correlation}).");
    }
}
