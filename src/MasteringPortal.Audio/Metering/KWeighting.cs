using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// The K-weighting of ITU-R BS.1770-4 Annex 1 (§1.1): a high-shelf "pre-filter" modelling the head,
/// followed by the RLB high-pass. The standard gives coefficients for 48 kHz only (Tables 1 and 2);
/// they are the bilinear transform (pre-warped at the corner frequency) of two analog second-order
/// sections. We recover those analog parameters once (constants below, which reproduce the 48 kHz
/// tables to about 1e-9) and transform them again for any rate, so that 44.1, 96 or 8 kHz material
/// gets the same curve rather than the 48 kHz coefficients played at the wrong speed.
/// <para>
/// Fidelity to the 48 kHz curve (KWeightingTests, SampleRateTests): from 44.1 to 384 kHz within 0.05 dB
/// up to 3.5 kHz and 0.1 dB up to 16 kHz (higher rates approach the analog prototype, which the 48 kHz
/// table itself warps slightly). At 8 and 11.025 kHz the bilinear transform squeezes the shelf toward
/// Nyquist: 997 Hz still reads within 0.04 LU, but the gain is up to +0.42 dB high at 2 kHz (8 kHz)
/// and +0.27 dB at 3 kHz (11.025 kHz). Known limitation of this design at telephone-band rates.
/// </para>
/// </summary>
public static class KWeighting
{
    // Analog parameters of the pre-filter shelf implied by BS.1770-4 Table 1.
    private const double ShelfCornerHz = 1681.974450955533;
    private const double ShelfGainDb = 3.999843853973347;
    private const double ShelfQ = 0.7071752369554196;
    // Exponent giving the mid-band numerator gain Vb = Vh^k of the shelf (a shelf whose slope
    // sits half-way in dB between its two plateaux).
    private const double ShelfMidGainExponent = 0.4996667741545416;

    // Analog parameters of the RLB high-pass implied by BS.1770-4 Table 2.
    private const double HighPassCornerHz = 38.13547087602444;
    private const double HighPassQ = 0.5003270373238773;

    /// <summary>Stage 1, the pre-filter (BS.1770-4 Annex 1, Table 1 at 48 kHz).</summary>
    public static BiquadCoefficients PreFilter(double sampleRateHz)
    {
        ValidateRate(sampleRateHz);
        var k = Math.Tan(Math.PI * ShelfCornerHz / sampleRateHz);
        var vh = Math.Pow(10, ShelfGainDb / 20);
        var vb = Math.Pow(vh, ShelfMidGainExponent);
        var kq = k / ShelfQ;
        var a0 = 1 + kq + k * k;
        return new BiquadCoefficients(
            B0: (vh + vb * kq + k * k) / a0,
            B1: 2 * (k * k - vh) / a0,
            B2: (vh - vb * kq + k * k) / a0,
            A1: 2 * (k * k - 1) / a0,
            A2: (1 - kq + k * k) / a0);
    }

    /// <summary>
    /// Stage 2, the RLB high-pass (BS.1770-4 Annex 1, Table 2 at 48 kHz). The numerator stays
    /// 1, −2, 1 as in the standard's table (not renormalised), so every rate shares its calibration.
    /// </summary>
    public static BiquadCoefficients RlbHighPass(double sampleRateHz)
    {
        ValidateRate(sampleRateHz);
        var k = Math.Tan(Math.PI * HighPassCornerHz / sampleRateHz);
        var kq = k / HighPassQ;
        var a0 = 1 + kq + k * k;
        return new BiquadCoefficients(1, -2, 1, 2 * (k * k - 1) / a0, (1 - kq + k * k) / a0);
    }

    /// <summary>Gain of the whole K-weighting (both stages) at a frequency, in dB.</summary>
    public static double MagnitudeDb(double frequencyHz, double sampleRateHz) =>
        PreFilter(sampleRateHz).MagnitudeDb(frequencyHz, sampleRateHz) + RlbHighPass(sampleRateHz).MagnitudeDb(frequencyHz, sampleRateHz);

    private static void ValidateRate(double sampleRateHz)
    {
        if (!(sampleRateHz >= LoudnessMeter.MinSampleRateHz && sampleRateHz <= LoudnessMeter.MaxSampleRateHz))
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz,
                $"Loudness can be measured at sample rates from 8 kHz to 384 kHz; this audio is at {sampleRateHz} Hz.");
    }
}
