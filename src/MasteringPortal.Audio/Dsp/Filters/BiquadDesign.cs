namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Bell and shelf designs after R. Bristow-Johnson's "Audio EQ Cookbook" (the bilinear transform of
/// the analog prototypes, pre-warped at the centre / corner frequency), plus the Linkwitz-Riley
/// all-pass used to phase-align crossover bands.
/// </summary>
public static class BiquadDesign
{
    /// <summary>Peaking (bell) filter: gain <paramref name="gainDb"/> at the centre, 0 dB far away.</summary>
    public static BiquadCoefficients Bell(double sampleRateHz, double frequencyHz, double gainDb, double q)
    {
        var a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = Warp(sampleRateHz, frequencyHz, q);
        return BiquadCoefficients.FromRaw(
            1 + alpha * a, -2 * cos, 1 - alpha * a,
            1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    /// <summary>Low shelf: <paramref name="gainDb"/> below the corner, half that gain (in dB) at the corner.</summary>
    public static BiquadCoefficients LowShelf(double sampleRateHz, double frequencyHz, double gainDb, double q)
    {
        var a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = Warp(sampleRateHz, frequencyHz, q);
        var k = 2 * Math.Sqrt(a) * alpha;
        return BiquadCoefficients.FromRaw(
            a * ((a + 1) - (a - 1) * cos + k),
            2 * a * ((a - 1) - (a + 1) * cos),
            a * ((a + 1) - (a - 1) * cos - k),
            (a + 1) + (a - 1) * cos + k,
            -2 * ((a - 1) + (a + 1) * cos),
            (a + 1) + (a - 1) * cos - k);
    }

    /// <summary>High shelf: <paramref name="gainDb"/> above the corner, half that gain (in dB) at the corner.</summary>
    public static BiquadCoefficients HighShelf(double sampleRateHz, double frequencyHz, double gainDb, double q)
    {
        var a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = Warp(sampleRateHz, frequencyHz, q);
        var k = 2 * Math.Sqrt(a) * alpha;
        return BiquadCoefficients.FromRaw(
            a * ((a + 1) + (a - 1) * cos + k),
            -2 * a * ((a - 1) + (a + 1) * cos),
            a * ((a + 1) + (a - 1) * cos - k),
            (a + 1) - (a - 1) * cos + k,
            2 * ((a - 1) - (a + 1) * cos),
            (a + 1) - (a - 1) * cos - k);
    }

    /// <summary>
    /// Second-order all-pass with Butterworth Q (1/sqrt 2): the sum of a 4th-order Linkwitz-Riley
    /// low-pass and high-pass at the same frequency, used to phase-compensate the other bands.
    /// </summary>
    public static BiquadCoefficients LinkwitzRileyAllPass(double sampleRateHz, double frequencyHz)
    {
        var (cos, alpha) = Warp(sampleRateHz, frequencyHz, Math.Sqrt(0.5));
        return BiquadCoefficients.FromRaw(
            1 - alpha, -2 * cos, 1 + alpha,
            1 + alpha, -2 * cos, 1 - alpha);
    }

    private static (double Cos, double Alpha) Warp(double sampleRateHz, double frequencyHz, double q)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frequencyHz, sampleRateHz / 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        var w0 = 2 * Math.PI * frequencyHz / sampleRateHz;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }
}
