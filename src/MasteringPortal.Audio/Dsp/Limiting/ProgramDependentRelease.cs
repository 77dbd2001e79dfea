namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// Two-stage release of the limiter's gain. The fast stage attacks instantly and releases with
/// ReleaseMs; the slow stage follows the gain both ways with SustainedReleaseMs, so it only moves much
/// when limiting lasts. The gain is the smaller of the two: after a lone transient the slow stage has
/// hardly moved and the fast release wins (no pumping hole); after sustained limiting the slow stage
/// sits near the working gain and lets go slowly (no distortion from a fast release on dense material).
/// The result is never above its input, which the lookahead guarantee depends on.
/// </summary>
internal sealed class ProgramDependentRelease
{
    private readonly double _fastCoefficient;
    private readonly double _slowCoefficient;
    private double _fast = 1.0;
    private double _slow = 1.0;

    public ProgramDependentRelease(double releaseMs, double sustainedReleaseMs, int sampleRateHz)
    {
        _fastCoefficient = OnePole(releaseMs, sampleRateHz);
        _slowCoefficient = OnePole(sustainedReleaseMs, sampleRateHz);
    }

    public double Next(double heldGain)
    {
        _fast = heldGain < _fast ? heldGain : _fast + (heldGain - _fast) * _fastCoefficient;
        _slow += (heldGain - _slow) * _slowCoefficient;
        return Math.Min(Math.Min(_fast, _slow), heldGain);
    }

    public void Reset()
    {
        _fast = 1.0;
        _slow = 1.0;
    }

    /// <summary>
    /// One-pole step for a time constant (reaches 1 − 1/e of a step after timeMs), rounded to a 2⁻⁴⁰ grid so
    /// that a last-bit difference between platforms' Math.Exp cannot change a render's bits.
    /// </summary>
    private static double OnePole(double timeMs, int sampleRateHz) =>
        Math.Round((1.0 - Math.Exp(-1000.0 / (timeMs * sampleRateHz))) * 1099511627776.0) / 1099511627776.0;
}
