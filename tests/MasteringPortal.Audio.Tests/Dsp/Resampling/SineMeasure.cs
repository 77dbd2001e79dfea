namespace MasteringPortal.Audio.Tests.Dsp.Resampling;

/// <summary>Amplitude and phase of a sine of known frequency in a signal, for the converter tests.</summary>
internal static class SineMeasure
{
    /// <summary>
    /// Least-squares fit of a·cos(ωn) + b·sin(ωn) + c over the whole span; returns amplitude √(a²+b²) and the
    /// phase φ of A·sin(ωn + φ). Exact (to rounding) for a pure sine whatever the number of periods.
    /// </summary>
    public static (double Amplitude, double PhaseRad) Fit(ReadOnlySpan<float> y, double frequencyOverRate, long firstIndex)
    {
        // Normal equations of the 3-parameter model (IEEE 1057 three-parameter sine fit).
        double scc = 0, sss = 0, scs = 0, sc = 0, ss = 0, n = y.Length, syc = 0, sys = 0, sy = 0;
        var w = 2 * Math.PI * frequencyOverRate;
        for (var i = 0; i < y.Length; i++)
        {
            var t = w * (firstIndex + i);
            var c = Math.Cos(t);
            var s = Math.Sin(t);
            scc += c * c; sss += s * s; scs += c * s; sc += c; ss += s;
            syc += y[i] * c; sys += y[i] * s; sy += y[i];
        }
        var m = new double[,] { { scc, scs, sc }, { scs, sss, ss }, { sc, ss, n } };
        var r = new[] { syc, sys, sy };
        var x = Solve3(m, r);
        var amplitude = Math.Sqrt(x[0] * x[0] + x[1] * x[1]);
        // a·cos + b·sin = A·sin(t + φ) with A·sin φ = a, A·cos φ = b.
        return (amplitude, Math.Atan2(x[0], x[1]));
    }

    /// <summary>
    /// Amplitude of the component at one frequency through a 4-term Blackman-Harris window (sidelobes
    /// −92 dB), normalised so a sine of amplitude A reads A: a Goertzel-style single-bin DFT.
    /// </summary>
    public static double WindowedAmplitude(ReadOnlySpan<float> y, double frequencyOverRate)
    {
        const double a0 = 0.35875, a1 = 0.48829, a2 = 0.14128, a3 = 0.01168;
        double re = 0, im = 0, wsum = 0;
        var n = y.Length;
        var omega = 2 * Math.PI * frequencyOverRate;
        for (var i = 0; i < n; i++)
        {
            var p = 2 * Math.PI * i / (n - 1);
            var win = a0 - a1 * Math.Cos(p) + a2 * Math.Cos(2 * p) - a3 * Math.Cos(3 * p);
            wsum += win;
            re += win * y[i] * Math.Cos(omega * i);
            im -= win * y[i] * Math.Sin(omega * i);
        }
        return 2 * Math.Sqrt(re * re + im * im) / wsum;
    }

    public static float[] Sine(int frames, double frequencyHz, int rateHz, double amplitude, double phaseRad = 0)
    {
        var x = new float[frames];
        for (var i = 0; i < frames; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / rateHz + phaseRad));
        return x;
    }

    private static double[] Solve3(double[,] a, double[] b)
    {
        // Gaussian elimination with partial pivoting; 3×3, well conditioned for any non-zero frequency.
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < 3; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < 3; row++) if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            for (var k = 0; k < 3; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (var row = col + 1; row < 3; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < 3; k++) m[row, k] -= f * m[col, k];
                v[row] -= f * v[col];
            }
        }
        var x = new double[3];
        for (var row = 2; row >= 0; row--)
        {
            var s = v[row];
            for (var k = row + 1; k < 3; k++) s -= m[row, k] * x[k];
            x[row] = s / m[row, row];
        }
        return x;
    }
}
