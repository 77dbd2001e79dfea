using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// How much of a signal lies in the last few percent below Nyquist, where the meter's short interpolator stops
/// agreeing with an ideal one: the magnitude of a band-pass centred on Nyquist (a Kaiser-windowed sinc low-pass,
/// cut-off 0.045·fs, β = 6, 33 taps, shifted up to fs/2 by alternating its signs: unity at Nyquist, −6 dB at
/// 0.455·fs, 60 dB down below 0.40·fs). It only measures; nothing the listener hears goes through it.
/// <see cref="ShortFilterErrorFactor"/> turns its reading into an estimate of how far the short interpolator can be
/// from the long one: the largest ratio, over 0.44–0.50·fs, of their difference to this filter's gain, so that for
/// a tone anywhere up there the estimate is never below the real difference. (An estimate, not a proof: a transient
/// spreads over frequencies; the limiter's tests drive bursts, squares and noise through it.)
/// </summary>
internal static class NyquistBandLevel
{
    public const int Taps = 33;
    public const int Half = Taps / 2;
    private const double CutoffFromNyquist = 0.045;
    private const double KaiserBeta = 6.0;

    /// <summary>
    /// Below this the short interpolator is within 1.5·10⁻⁴ of the long one (0.0013 dB, its own accuracy as a meter),
    /// so the estimate covers the band above it.
    /// </summary>
    public const double FromFractionOfRate = 0.44;

    private static readonly Lazy<double[]> Design = new(DesignTaps);

    /// <summary>The taps broadcast across vectors (the filter is symmetric, so tap k multiplies x(m + Half − k)).</summary>
    public static Vector<float>[] Broadcast() => Design.Value.Select(h => new Vector<float>((float)h)).ToArray();

    /// <summary>The taps as floats, for the scalar tail.</summary>
    public static float[] Floats() => Design.Value.Select(h => (float)h).ToArray();

    /// <summary>|band-pass| for the lanes centred on <paramref name="centre"/> and after; reads Half samples either side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Level(ref float w0, nuint centre, Vector<float>[] taps)
    {
        ref var h0 = ref MemoryMarshal.GetArrayDataReference(taps);
        var acc = Vector<float>.Zero;
        var newest = centre + Half;
        for (nuint k = 0; k < Taps; k++) acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref h0, k), Vector.LoadUnsafe(ref w0, newest - k), acc);
        return Vector.Abs(acc);
    }

    /// <summary>
    /// <see cref="Level"/> for four adjacent vectors of lanes (<paramref name="centre"/> and the next three), with the
    /// same bits: one accumulator is a chain of <see cref="Taps"/> dependent multiply-adds that leaves the multiply-add
    /// units idle most of the time, and four chains interleaved keep them busy. Every lane adds its taps in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Level4(ref float w0, nuint centre, Vector<float>[] taps, Span<float> levels)
    {
        ref var h0 = ref MemoryMarshal.GetArrayDataReference(taps);
        var width = (nuint)Vector<float>.Count;
        Vector<float> a = Vector<float>.Zero, b = Vector<float>.Zero, c = Vector<float>.Zero, d = Vector<float>.Zero;
        var newest = centre + Half;
        for (nuint k = 0; k < Taps; k++)
        {
            var h = Unsafe.Add(ref h0, k);
            a = Vector.FusedMultiplyAdd(h, Vector.LoadUnsafe(ref w0, newest - k), a);
            b = Vector.FusedMultiplyAdd(h, Vector.LoadUnsafe(ref w0, newest + width - k), b);
            c = Vector.FusedMultiplyAdd(h, Vector.LoadUnsafe(ref w0, newest + 2 * width - k), c);
            d = Vector.FusedMultiplyAdd(h, Vector.LoadUnsafe(ref w0, newest + 3 * width - k), d);
        }
        var n = (int)width;
        Vector.Abs(a).CopyTo(levels);
        Vector.Abs(b).CopyTo(levels[n..]);
        Vector.Abs(c).CopyTo(levels[(2 * n)..]);
        Vector.Abs(d).CopyTo(levels[(3 * n)..]);
    }

    /// <summary>The scalar form of <see cref="Level"/>.</summary>
    public static float ScalarLevel(float[] work, int centre, float[] taps)
    {
        float acc = 0;
        for (var k = 0; k < Taps; k++) acc = MathF.FusedMultiplyAdd(taps[k], work[centre + Half - k], acc);
        return Math.Abs(acc);
    }

    /// <summary>
    /// Largest ratio, from <see cref="FromFractionOfRate"/> to Nyquist, of |long phase − short phase| (the worst of the three) to this filter's
    /// gain: the short interpolator's error near Nyquist is at most this times the band's level, tone by tone.
    /// </summary>
    public static double ShortFilterErrorFactor(float[][] shortPhases, float[][] longPhases)
    {
        var band = Design.Value;
        var worst = 0.0;
        for (var f = FromFractionOfRate; f <= 0.5; f += 0.0005)
        {
            var difference = 0.0;
            for (var p = 0; p < 3; p++)
                difference = Math.Max(difference, (Response(longPhases[p], f) - Response(shortPhases[p], f)).Magnitude);
            var gain = Response(band.Select(h => (float)h).ToArray(), f).Magnitude;
            worst = Math.Max(worst, difference / Math.Max(gain, 1e-12));
        }
        return worst;
    }

    /// <summary>Frequency response of a centred FIR (tap k at time k − (length − 1)/2 ... for an even length, the interpolators' centre).</summary>
    private static Complex Response(float[] h, double fractionOfRate)
    {
        var centre = h.Length / 2;
        Complex sum = 0;
        for (var k = 0; k < h.Length; k++) sum += h[k] * Complex.FromPolarCoordinates(1, -2 * Math.PI * fractionOfRate * (k - centre));
        return sum;
    }

    private static double[] DesignTaps()
    {
        var h = new double[Taps];
        var i0 = TruePeakInterpolatorDesign.BesselI0(KaiserBeta);
        for (var k = 0; k < Taps; k++)
        {
            var t = k - Half;
            var r = (double)t / Half;
            var sinc = t == 0 ? 2 * CutoffFromNyquist : Math.Sin(2 * Math.PI * CutoffFromNyquist * t) / (Math.PI * t);
            h[k] = sinc * TruePeakInterpolatorDesign.BesselI0(KaiserBeta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0 * (t % 2 == 0 ? 1 : -1);
        }
        var atNyquist = Math.Abs(h.Select((v, k) => v * ((k - Half) % 2 == 0 ? 1 : -1)).Sum());
        return h.Select(v => v / atNyquist).ToArray();
    }
}
