namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Butterworth high- and low-pass filters of order 1 to 8 (6 to 48 dB/oct). The analog poles lie on
/// the unit circle, spaced pi / N apart and symmetric about the negative real axis; each conjugate pair becomes
/// one second-order section with Q = 1 / (2 cos angle), an odd order adds one first-order section.
/// Every section goes through the bilinear transform pre-warped at the cutoff, so the digital
/// magnitude is exactly 1 / sqrt(1 + (tan(pi f / fs) / tan(pi fc / fs))^(2N)) for the low-pass:
/// -3.01 dB at the cutoff for every order.
/// </summary>
public static class ButterworthDesign
{
    public const int MaxOrder = 8;

    /// <summary>Filter order for a slope: 6 dB/oct per order.</summary>
    public static int OrderForSlope(int slopeDbPerOct)
    {
        if (slopeDbPerOct < 6 || slopeDbPerOct > 6 * MaxOrder || slopeDbPerOct % 6 != 0)
            throw new ArgumentOutOfRangeException(nameof(slopeDbPerOct), slopeDbPerOct,
                "The slope must be 6, 12, 18, 24, 30, 36, 42 or 48 dB per octave.");
        return slopeDbPerOct / 6;
    }

    public static BiquadCoefficients[] LowPass(double sampleRateHz, double cutoffHz, int order)
        => Design(sampleRateHz, cutoffHz, order, highPass: false);

    public static BiquadCoefficients[] HighPass(double sampleRateHz, double cutoffHz, int order)
        => Design(sampleRateHz, cutoffHz, order, highPass: true);

    /// <summary>Q of the second-order sections, from the analog pole angles.</summary>
    public static double[] SectionQs(int order)
    {
        var qs = new double[order / 2];
        for (var k = 0; k < qs.Length; k++)
        {
            // Pole angle from the negative real axis: (2k + 1) pi / 2N for even N; for odd N the real
            // pole takes angle 0 and the pairs sit at (k + 1) pi / N. Its cosine is the damping 1 / 2Q.
            var angle = (2 * k + 1 + order % 2) * Math.PI / (2 * order);
            qs[k] = 1 / (2 * Math.Cos(angle));
        }
        return qs;
    }

    private static BiquadCoefficients[] Design(double sampleRateHz, double cutoffHz, int order, bool highPass)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cutoffHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cutoffHz, sampleRateHz / 2);

        var sections = new List<BiquadCoefficients>(order / 2 + 1);
        // Pre-warped analog cutoff: K = tan(w0 / 2), so s = (1 - z^-1) / (K (1 + z^-1)) maps fc to fc.
        var k = Math.Tan(Math.PI * cutoffHz / sampleRateHz);
        var kk = k * k;
        foreach (var q in SectionQs(order))
        {
            // Bilinear transform of 1 / (s^2 + s/Q + 1) (low-pass) or s^2 / (...) (high-pass).
            var a0 = kk + k / q + 1;
            var a1 = 2 * (kk - 1);
            var a2 = kk - k / q + 1;
            sections.Add(highPass
                ? BiquadCoefficients.FromRaw(1, -2, 1, a0, a1, a2)
                : BiquadCoefficients.FromRaw(kk, 2 * kk, kk, a0, a1, a2));
        }
        if (order % 2 == 1)
        {
            // Bilinear transform of 1 / (s + 1) or s / (s + 1).
            var a0 = k + 1;
            var a1 = k - 1;
            sections.Add(highPass
                ? BiquadCoefficients.FromRaw(1, -1, 0, a0, a1, 0)
                : BiquadCoefficients.FromRaw(k, k, 0, a0, a1, 0));
        }
        return sections.ToArray();
    }
}
