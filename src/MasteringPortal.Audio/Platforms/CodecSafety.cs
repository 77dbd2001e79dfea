using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Platforms;

/// <summary>
/// "Safe for codecs" (issue 19, section 3): the limiter ceiling that keeps every service's decoded copy at or under
/// -1 dBTP, found from what the codec checks of a master measured (<see cref="PlatformCheck"/>), not from a rule of
/// thumb. A codec's overshoot moves with the level it is given, so the ceiling comes down by the largest overshoot past
/// -1 dBTP by either meter (ours or the BS.1770 filter), plus a small margin for the encoders' own variation, rounded
/// down to 0.1 dB. The next render's checks show whether it held.
/// </summary>
public static class CodecSafety
{
    /// <summary>What the services ask of a decoded stream.</summary>
    public const double TargetDbtp = -1.0;

    /// <summary>Added to the measured overshoot: encoders do not overshoot identically at another level.</summary>
    public const double MarginDb = 0.2;

    /// <summary>The lowest ceiling the helper proposes; below it the master is better fixed another way (a lower target).</summary>
    public const double LowestCeilingDbtp = -6.0;

    /// <summary>
    /// The ceiling to render with, from the checks of a master limited at <paramref name="ceilingDbtp"/>; null when every
    /// decoded copy is already at or under <see cref="TargetDbtp"/> (or there are no checks).
    /// </summary>
    public static double? SafeCeiling(double ceilingDbtp, IEnumerable<PlatformCheck> checks)
    {
        var worst = checks.Select(c => Math.Max(c.TruePeakDbtp, c.TruePeakBs1770Dbtp)).DefaultIfEmpty(double.NegativeInfinity).Max();
        if (worst <= TargetDbtp) return null;
        var ceiling = ceilingDbtp - (worst - TargetDbtp) - MarginDb;
        return Math.Max(LowestCeilingDbtp, Math.Floor(ceiling * 10 + 1e-9) / 10);
    }

    /// <summary>The chain with its limiter on at <paramref name="ceilingDbtp"/>, everything else as it was.</summary>
    public static RenderSettings WithCeiling(RenderSettings settings, double ceilingDbtp)
    {
        var limiter = settings.Limiter.Settings ?? new Dsp.Limiting.TruePeakLimiterSettings();
        return settings with
        {
            Limiter = new ProcessorStage<Dsp.Limiting.TruePeakLimiterSettings> { Enabled = true, Settings = limiter with { CeilingDbtp = ceilingDbtp } },
        };
    }
}
