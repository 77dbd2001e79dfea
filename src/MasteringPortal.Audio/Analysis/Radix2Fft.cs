using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Radix-2 complex FFT of one power-of-two length on separate float real/imaginary arrays, in the Stockham
/// (self-sorting) form: each of the log2(N) stages reads one buffer pair and writes the other, so the result comes
/// out in natural order with no bit-reversal pass, and every stage runs on 8-float vectors. The twiddles are
/// computed once (in double, then rounded). An instance holds a scratch buffer pair: use it from one thread at a time.
/// <para>
/// Stage with stride s (s = 1, 2, 4, …, N/2; the sub-transforms still to do have length N/s): for every j below N/2,
/// with p = j / s and q = j mod s, a = x[j] and b = x[j + N/2] become y[2j − q] = a + b and
/// y[2j − q + s] = (a − b)·W^(p·s), W = e^(−2πi/N). From s = 8 on, runs of s outputs are contiguous and share one
/// twiddle; for s = 1, 2, 4 the two results are interleaved in runs of s within each vector (unpack and lane
/// permutes), with the twiddles of neighbouring j read as one vector and repeated per run.
/// </para>
/// <para>
/// Why this form: the earlier in-place radix-2 (2026-12, first intake pass) spent most of its time outside the
/// vectorised butterflies: the bit-reversal swaps (scattered reads and writes over 128 KB at N = 16384) and the
/// scalar first three stages. Measured with perf on the 5-minute dense master, the FFT was 19 % of the whole
/// analysis.
/// </para>
/// <para>
/// Why not MathNet.Numerics here: measured on the 5-minute benchmark mix, its Fourier.Forward took about 4 ms
/// per 16384-point frame (generic Complex32 arithmetic, and the float[] overloads allocate a frame-sized array
/// per call). MathNet stays the reference: the tests compare this FFT with it.
/// </para>
/// </summary>
public sealed class Radix2Fft
{
    private const int Lanes = 8;
    private readonly int _length;
    private readonly float[] _cos;        // W^k = cos − i·sin, k < N/2
    private readonly float[] _minusSin;
    private readonly float[] _scratchRe;
    private readonly float[] _scratchIm;

    private readonly bool _vectorised;

    public Radix2Fft(int length) : this(length, allowVectors: true)
    {
    }

    /// <param name="allowVectors">False keeps every stage on the scalar loop (what runs without AVX), for the tests.</param>
    internal Radix2Fft(int length, bool allowVectors)
    {
        if (length < 2 || (length & (length - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(length), "length must be a power of two");
        _length = length;
        var half = length / 2;
        _cos = new float[half];
        _minusSin = new float[half];
        for (var k = 0; k < half; k++)
        {
            _cos[k] = (float)Math.Cos(2 * Math.PI * k / length);
            _minusSin[k] = (float)-Math.Sin(2 * Math.PI * k / length);
        }
        _scratchRe = new float[length];
        _scratchIm = new float[length];
        _vectorised = allowVectors && Avx.IsSupported && half >= Lanes;
    }

    public int Length => _length;

    /// <summary>Forward transform X[k] = Σ x[n]·e^(-2πikn/N), unscaled, in place (the first N values of each span).</summary>
    public unsafe void Forward(Span<float> re, Span<float> im)
    {
        var n = _length;
        if (re.Length < n || im.Length < n) throw new ArgumentException("buffers shorter than the FFT length");
        var vectorised = _vectorised;
        // Pointers: every index below is provably in range, and bounds checks would cost a large share of the loop.
        fixed (float* ioRe = re, ioIm = im, tmpRe = _scratchRe, tmpIm = _scratchIm, wRe = _cos, wIm = _minusSin)
        {
            float* xr = ioRe, xi = ioIm, yr = tmpRe, yi = tmpIm;
            for (var s = 1; s < n; s <<= 1)
            {
                if (!vectorised) ScalarStage(n, s, xr, xi, yr, yi, wRe, wIm);
                else if (s >= Lanes) WideStage(n, s, xr, xi, yr, yi, wRe, wIm);
                // Constant s, so that the inlined stage has its shuffles fixed outside the loop.
                else if (s == 1) NarrowStage(n, 1, xr, xi, yr, yi, wRe, wIm);
                else if (s == 2) NarrowStage(n, 2, xr, xi, yr, yi, wRe, wIm);
                else NarrowStage(n, 4, xr, xi, yr, yi, wRe, wIm);
                var swapRe = xr; xr = yr; yr = swapRe;
                var swapIm = xi; xi = yi; yi = swapIm;
            }
            // An odd number of stages leaves the result in the scratch pair.
            if (xr != ioRe)
            {
                new ReadOnlySpan<float>(xr, n).CopyTo(re);
                new ReadOnlySpan<float>(xi, n).CopyTo(im);
            }
        }
    }

    /// <summary>One stage, one butterfly at a time: the definition the vector stages follow (and the path without AVX).</summary>
    private static unsafe void ScalarStage(int n, int s, float* xr, float* xi, float* yr, float* yi, float* wRe, float* wIm)
    {
        var half = n / 2;
        for (var j = 0; j < half; j++)
        {
            var q = j & (s - 1);
            var w = j - q;   // p·s
            float ar = xr[j], ai = xi[j], br = xr[j + half], bi = xi[j + half];
            float dr = ar - br, di = ai - bi;
            float tr = wRe[w], ti = wIm[w];
            var o = 2 * j - q;
            yr[o] = ar + br; yi[o] = ai + bi;
            yr[o + s] = dr * tr - di * ti;
            yi[o + s] = dr * ti + di * tr;
        }
    }

    /// <summary>s ≥ 8: eight consecutive j share p, so their outputs are contiguous and their twiddle is one broadcast.</summary>
    private static unsafe void WideStage(int n, int s, float* xr, float* xi, float* yr, float* yi, float* wRe, float* wIm)
    {
        var half = n / 2;
        for (var j0 = 0; j0 < half; j0 += s)
        {
            var tr = Vector256.Create(wRe[j0]);
            var ti = Vector256.Create(wIm[j0]);
            float* sr = yr + 2 * j0, si = yi + 2 * j0;
            for (var q = 0; q < s; q += Lanes)
            {
                var j = j0 + q;
                var ar = Avx.LoadVector256(xr + j);
                var ai = Avx.LoadVector256(xi + j);
                var br = Avx.LoadVector256(xr + j + half);
                var bi = Avx.LoadVector256(xi + j + half);
                var dr = ar - br;
                var di = ai - bi;
                Avx.Store(sr + q, ar + br);
                Avx.Store(si + q, ai + bi);
                Avx.Store(sr + s + q, dr * tr - di * ti);
                Avx.Store(si + s + q, dr * ti + di * tr);
            }
        }
    }

    /// <summary>s = 1, 2, 4: the sums and differences of eight j are interleaved in runs of s over 16 outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void NarrowStage(int n, int s, float* xr, float* xi, float* yr, float* yi, float* wRe, float* wIm)
    {
        var half = n / 2;
        for (var j = 0; j < half; j += Lanes)
        {
            var ar = Avx.LoadVector256(xr + j);
            var ai = Avx.LoadVector256(xi + j);
            var br = Avx.LoadVector256(xr + j + half);
            var bi = Avx.LoadVector256(xi + j + half);
            // The twiddle of each j is W at j rounded down to a multiple of s: lanes (0,1,…), (0,0,2,2,…) or (0,0,0,0,4,…).
            var tr = Avx.LoadVector256(wRe + j);
            var ti = Avx.LoadVector256(wIm + j);
            if (s == 2)
            {
                tr = Avx.Permute(tr, 0b10_10_00_00);
                ti = Avx.Permute(ti, 0b10_10_00_00);
            }
            else if (s == 4)
            {
                tr = Avx.Permute(tr, 0);
                ti = Avx.Permute(ti, 0);
            }
            var dr = ar - br;
            var di = ai - bi;
            var o = yr + 2 * j;
            var p = yi + 2 * j;
            Interleave(s, ar + br, dr * tr - di * ti, o);
            Interleave(s, ai + bi, dr * ti + di * tr, p);
        }
    }

    /// <summary>Writes runs of s from <paramref name="sum"/> and <paramref name="difference"/> alternately into 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Interleave(int s, Vector256<float> sum, Vector256<float> difference, float* destination)
    {
        Vector256<float> low, high;
        if (s == 1)
        {
            low = Avx.UnpackLow(sum, difference);     // s0 d0 s1 d1 | s4 d4 s5 d5
            high = Avx.UnpackHigh(sum, difference);   // s2 d2 s3 d3 | s6 d6 s7 d7
        }
        else if (s == 2)
        {
            low = Avx.UnpackLow(sum.AsDouble(), difference.AsDouble()).AsSingle();     // s0 s1 d0 d1 | s4 s5 d4 d5
            high = Avx.UnpackHigh(sum.AsDouble(), difference.AsDouble()).AsSingle();   // s2 s3 d2 d3 | s6 s7 d6 d7
        }
        else
        {
            low = sum;
            high = difference;
        }
        // Bring the 128-bit halves into order: (low.0, high.0) then (low.1, high.1).
        Avx.Store(destination, Avx.Permute2x128(low, high, 0x20));
        Avx.Store(destination + Lanes, Avx.Permute2x128(low, high, 0x31));
    }
}
