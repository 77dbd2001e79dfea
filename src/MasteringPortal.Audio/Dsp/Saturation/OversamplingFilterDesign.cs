namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// Kaiser-windowed sinc low-pass for one F-times interpolation/decimation stage, designed at the high
/// rate with band edges given as fractions of the stage's low rate. Stopband attenuation 100 dB.
/// Length L = F·T + 1 with T a multiple of <c>tapsPerPhaseMultiple</c>: the up + down delay of the
/// stage, L - 1 high-rate samples, is then T low-rate samples, a whole number the caller can rely on.
/// Kaiser's formulas: beta = 0.1102 (A - 8.7); N = (A - 8) / (2.285 Δω).
/// </summary>
public static class OversamplingFilterDesign
{
    public const double StopbandAttenuationDb = 100;

    public static double[] Design(int factor, double passbandEdge, double stopbandEdge, int tapsPerPhaseMultiple, out int tapsPerPhase)
    {
        var transition = 2 * Math.PI * (stopbandEdge - passbandEdge) / factor; // rad/sample at the high rate
        var length = (int)Math.Ceiling((StopbandAttenuationDb - 8) / (2.285 * transition)) + 1;
        tapsPerPhase = (length - 1 + factor - 1) / factor;
        tapsPerPhase = (tapsPerPhase + tapsPerPhaseMultiple - 1) / tapsPerPhaseMultiple * tapsPerPhaseMultiple;
        length = factor * tapsPerPhase + 1;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var cutoff = (passbandEdge + stopbandEdge) / 2 / factor; // cycles/sample at the high rate
        var h = new double[length];
        var centre = (length - 1) / 2.0;
        var i0Beta = BesselI0(beta);
        var sum = 0.0;
        for (var n = 0; n < length; n++)
        {
            var t = n - centre;
            var sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            var r = t / centre;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
            h[n] = sinc * window;
            sum += h[n];
        }
        for (var n = 0; n < length; n++) h[n] /= sum; // unity gain at DC
        return h;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series).</summary>
    public static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (var k = 1; k < 200; k++)
        {
            term *= half / k;
            var t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-17) break;
        }
        return sum;
    }
}
