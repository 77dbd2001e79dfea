namespace MasteringPortal.Audio.Metering;

/// <summary>
/// Designs the polyphase interpolator of the true-peak detector: a Kaiser-windowed sinc low-pass at the
/// original Nyquist frequency, of length L·T + 1 (L = oversampling factor, T = taps per phase). With the
/// cut-off exactly at fs/2 it is a Nyquist (L-th band) filter: phase 0 is a pure delay of T/2 samples
/// (the original samples pass through untouched) and phases 1..L−1 interpolate between them.
/// Each phase is normalised to unity DC gain.
/// </summary>
public static class TruePeakInterpolatorDesign
{
    /// <summary>Returns phases[p][k] = h[p + L·k] for p in 1..L−1 (phase 0 is the identity and omitted), k in 0..T−1.</summary>
    public static float[][] InterpolatingPhases(int factor, int tapsPerPhase, double kaiserBeta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        if (tapsPerPhase < 2 || tapsPerPhase % 2 != 0) throw new ArgumentOutOfRangeException(nameof(tapsPerPhase), "Taps per phase must be even.");
        var length = factor * tapsPerPhase + 1;
        var center = factor * tapsPerPhase / 2.0;
        var h = new double[length];
        var i0Beta = BesselI0(kaiserBeta);
        for (var n = 0; n < length; n++)
        {
            var t = (n - center) / factor;
            var sinc = t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
            var r = (n - center) / center;
            var window = BesselI0(kaiserBeta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
            h[n] = sinc * window;
        }
        var phases = new float[factor - 1][];
        for (var p = 1; p < factor; p++)
        {
            var taps = new double[tapsPerPhase];
            for (var k = 0; k < tapsPerPhase; k++) taps[k] = h[p + factor * k];
            var dc = taps.Sum();
            phases[p - 1] = taps.Select(v => (float)(v / dc)).ToArray();
        }
        return phases;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20).</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (var k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
