using MasteringPortal.Audio.Metering;
using System.Numerics;

namespace MasteringPortal.Audio.Tests.Metering.TruePeakReferences;

/// <summary>
/// A test-only reading of the "ideal" true peak: 32x oversampling by a long Kaiser-windowed sinc (256 taps per
/// phase, β = 14, cut-off at the original Nyquist frequency), in double precision. Its filter is flat to a
/// millionth up to about 0.48·fs, so on content below that it is the band-limited reconstruction, and its grid
/// is 32 points per sample (at most 20·log10(cos(π/64)) = −0.01 dB between points at Nyquist, less below).
/// Exact, not estimated, and still quick enough for a test: a sample's 31 interpolated points are computed only
/// when Σ_k max_p|h_p,k|·|x(n−k)|, which bounds all of them, could beat the largest value found so far, and
/// samples are visited from the largest bound down.
/// </summary>
internal static class IdealTruePeakReference
{
    public const int Factor = 32;
    public const int TapsPerPhase = 256;
    public const double KaiserBeta = 14;

    private static readonly Lazy<double[][]> Phases = new(Design);

    /// <summary>Largest magnitude of the 32x interpolation of one channel (silence assumed before and after), linear.</summary>
    public static double Peak(ReadOnlySpan<float> channel)
    {
        const int half = TapsPerPhase / 2;
        var phases = Phases.Value;
        // x padded with T samples of silence on both sides.
        var padded = new double[channel.Length + 2 * TapsPerPhase];
        for (var i = 0; i < channel.Length; i++) padded[TapsPerPhase + i] = channel[i];
        var best = 0.0;
        for (var i = 0; i < channel.Length; i++) best = Math.Max(best, Math.Abs(channel[i]));

        var boundTaps = Enumerable.Range(0, TapsPerPhase).Select(k => phases.Max(p => Math.Abs(p[k]))).ToArray();
        Array.Reverse(padded);
        var magnitudes = padded.Select(Math.Abs).ToArray();
        // Centres from half a filter before the first sample to half a filter after the last (the ringing around
        // the edges); centre c reads padded[c + T/2 − k].
        var centres = Enumerable.Range(half, channel.Length + TapsPerPhase).ToArray();
        var bounds = centres.Select(c => Dot(boundTaps, magnitudes, c + half)).ToArray();
        Array.Sort(bounds, centres);
        for (var i = centres.Length - 1; i >= 0 && bounds[i] * (1 + 1e-12) > best; i--)
            foreach (var phase in phases) best = Math.Max(best, Math.Abs(Dot(phase, padded, centres[i] + half)));
        return best;
    }

    public static double PeakDbtp(float[][] planar) => 20 * Math.Log10(planar.Max(c => Peak(c)));

    /// <summary>Σ_k h[k]·x[newest − k], with x stored reversed (reversed[j] = x[last − j]) so k walks forwards.</summary>
    private static double Dot(double[] h, double[] reversed, int newest)
    {
        var width = Vector<double>.Count;
        var from = reversed.Length - 1 - newest;
        var acc = Vector<double>.Zero;
        var k = 0;
        for (; k + width <= h.Length; k += width) acc += new Vector<double>(h, k) * new Vector<double>(reversed, from + k);
        var sum = Vector.Sum(acc);
        for (; k < h.Length; k++) sum += h[k] * reversed[from + k];
        return sum;
    }

    private static double[][] Design()
    {
        var length = Factor * TapsPerPhase + 1;
        var center = Factor * TapsPerPhase / 2.0;
        var i0 = TruePeakInterpolatorDesign.BesselI0(KaiserBeta);
        var h = new double[length];
        for (var n = 0; n < length; n++)
        {
            var t = (n - center) / Factor;
            var r = (n - center) / center;
            h[n] = (t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t)) * TruePeakInterpolatorDesign.BesselI0(KaiserBeta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0;
        }
        // Phase p (1..31) interpolates p/32 of a sample after x[newest − T/2]; phase 0 is the samples themselves.
        return Enumerable.Range(1, Factor - 1).Select(p =>
        {
            var taps = Enumerable.Range(0, TapsPerPhase).Select(k => h[p + Factor * k]).ToArray();
            var dc = taps.Sum();
            return taps.Select(v => v / dc).ToArray();
        }).ToArray();
    }
}
