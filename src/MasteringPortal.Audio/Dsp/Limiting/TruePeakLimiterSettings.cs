namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// Settings of the brickwall true-peak limiter.
/// </summary>
/// <param name="CeilingDbtp">Highest true peak allowed out, dBTP (BS.1770-4 Annex 2 measurement).</param>
/// <param name="LookaheadMs">Length of the attack ramp: gain reduction fades in over this long before each peak.</param>
/// <param name="ReleaseMs">Release time constant after a short peak (the fast stage).</param>
/// <param name="SustainedReleaseMs">Time constant of the slow stage: it follows the gain only under sustained
/// limiting and then holds it back, so release lengthens the longer the limiter has been working.</param>
/// <param name="DetectorMarginDb">Extra headroom below the ceiling for the detector (0 = none).</param>
public sealed record TruePeakLimiterSettings(
    double CeilingDbtp = -1.0,
    double LookaheadMs = 2.0,
    double ReleaseMs = 60.0,
    double SustainedReleaseMs = 600.0,
    double DetectorMarginDb = 0.0)
{
    /// <summary>Messages for values out of range, written for the engineer setting up the render; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(CeilingDbtp is >= -20 and <= 0))
            problems.Add($"The limiter ceiling must be between -20 and 0 dBTP (it is {CeilingDbtp}).");
        if (!(LookaheadMs is >= 0.5 and <= 10))
            problems.Add($"The limiter lookahead must be between 0.5 and 10 ms (it is {LookaheadMs}).");
        if (!(ReleaseMs is >= 1 and <= 2000))
            problems.Add($"The limiter release must be between 1 and 2000 ms (it is {ReleaseMs}).");
        if (!(SustainedReleaseMs >= ReleaseMs && SustainedReleaseMs <= 10000))
            problems.Add($"The sustained release must be between the release time and 10000 ms (it is {SustainedReleaseMs}).");
        if (!(DetectorMarginDb is >= 0 and <= 3))
            problems.Add($"The detector margin must be between 0 and 3 dB (it is {DetectorMarginDb}).");
        return problems;
    }
}
