namespace MasteringPortal.Audio.Dsp.Dither;

/// <summary>
/// Error-feedback coefficients h₁..h_N: the quantiser input is v = x − Σ hₖ·e[n−k], where e is the
/// total requantisation error (dither included), so the output error is e filtered by the noise transfer
/// function NTF(z) = 1 − Σ hₖ z⁻ᵏ. NTF has h₀ = 1, so it is minimum-phase monic: the shaping moves noise
/// between frequencies, its log-average over the band is 0 dB (Gerzon-Craven theorem).
/// </summary>
public static class NoiseShapingFilter
{
    /// <summary>Lower and upper edge of the band where the second-order shape pushes noise down.</summary>
    public const double SensitiveBandLowHz = 1000.0, SensitiveBandHighHz = 5000.0;

    public static double[] FeedbackCoefficients(NoiseShaping shaping, int sampleRateHz) => shaping switch
    {
        NoiseShaping.None => [],
        NoiseShaping.FirstOrderHighPass => [1.0],
        NoiseShaping.SecondOrderPsychoacoustic => SecondOrder(sampleRateHz),
        _ => throw new ArgumentOutOfRangeException(nameof(shaping)),
    };

    /// <summary>|NTF(e^{jω})| at a frequency: what the shaping does to the noise spectrum.</summary>
    public static double NoiseGain(double[] feedback, double frequencyHz, int sampleRateHz)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRateHz;
        double re = 1, im = 0;
        for (var k = 0; k < feedback.Length; k++)
        {
            re -= feedback[k] * Math.Cos(w * (k + 1));
            im += feedback[k] * Math.Sin(w * (k + 1));
        }
        return Math.Sqrt(re * re + im * im);
    }

    /// <summary>
    /// NTF = 1 − 2cos ω₀ z⁻¹ + z⁻²: zeros on the unit circle at ±ω₀, so |NTF| = 2|cos ω − cos ω₀|.
    /// Taking cos ω₀ midway between cos ω at 1 kHz and at 5 kHz makes the largest noise gain across that
    /// band as small as it can be (about −12.6 dB at 44.1 kHz, with the zero near 3.6 kHz, where the
    /// threshold of hearing is lowest); the noise goes up to about +11.5 dB near Nyquist instead.
    /// </summary>
    private static double[] SecondOrder(int sampleRateHz)
    {
        var cosLow = Math.Cos(2 * Math.PI * SensitiveBandLowHz / sampleRateHz);
        var cosHigh = Math.Cos(2 * Math.PI * SensitiveBandHighHz / sampleRateHz);
        var cosZero = (cosLow + cosHigh) / 2;
        // Rounded to a 2⁻⁴⁰ grid so a last-bit difference between platforms' Math.Cos cannot change a render's bits.
        return [Math.Round(2 * cosZero * 1099511627776.0) / 1099511627776.0, -1.0];
    }
}
