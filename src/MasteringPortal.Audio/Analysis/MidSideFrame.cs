using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// One periodic-Hann FFT frame of mid and side at once, shared by the two long-term spectra
/// (<see cref="LongTermSpectrumAnalyzer"/> and the matcher's loud-section spectrum). Mid goes into the real and side
/// into the imaginary part of one complex FFT; their power spectra are separated afterwards by conjugate symmetry,
/// which halves the FFT work. The caller decides how frames follow each other (back to back or overlapping).
/// </summary>
internal sealed class MidSideFrame
{
    private readonly float[] _window;
    private readonly double[] _windowEnergyPrefix;   // Σ w² over [0, i)
    private readonly float[] _mid, _side;
    private readonly Radix2Fft _fft;
    private bool _midSilent, _sideSilent;   // the last transformed frame's mid or side was exactly zero

    public MidSideFrame(int length, bool hasSide)
    {
        Length = length;
        HasSide = hasSide;
        _window = new float[length];
        _windowEnergyPrefix = new double[length + 1];
        for (var i = 0; i < length; i++)
        {
            // Periodic Hann (the form whose DFT has exactly three non-zero bins).
            var w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / length);
            _window[i] = (float)w;
            _windowEnergyPrefix[i + 1] = _windowEnergyPrefix[i] + w * w;
        }
        _mid = new float[length];
        _side = new float[length];
        Re = new float[length];
        Im = new float[length];
        _fft = new Radix2Fft(length);
    }

    public int Length { get; }

    public bool HasSide { get; }

    /// <summary>Samples held so far; the frame is ready to transform when this reaches <see cref="Length"/>.</summary>
    public int Filled { get; private set; }

    public bool IsFull => Filled == Length;

    /// <summary>The transform's output: Z = M + iS.</summary>
    public float[] Re { get; }

    public float[] Im { get; }

    /// <summary>Σ w² over the window positions [from, to): the energy of the part of a frame that held real samples.</summary>
    public double WindowEnergy(int from, int to) => _windowEnergyPrefix[to] - _windowEnergyPrefix[from];

    /// <summary>Copies from <paramref name="offset"/> as many samples as the frame still takes (side ignored for mono) and returns how many.</summary>
    public int Fill(ReadOnlySpan<float> mid, ReadOnlySpan<float> side, int offset)
    {
        var take = Math.Min(Length - Filled, mid.Length - offset);
        mid.Slice(offset, take).CopyTo(_mid.AsSpan(Filled));
        if (HasSide) side.Slice(offset, take).CopyTo(_side.AsSpan(Filled));
        Filled += take;
        return take;
    }

    /// <summary>Forgets the oldest <paramref name="count"/> samples, keeping the rest as the start of the next frame.</summary>
    public void DropOldest(int count)
    {
        _mid.AsSpan(count).CopyTo(_mid);
        if (HasSide) _side.AsSpan(count).CopyTo(_side);
        Filled -= count;
    }

    /// <summary>Zeroes the unfilled rest, for a last frame that the file does not fill.</summary>
    public void PadWithZeros()
    {
        _mid.AsSpan(Filled).Clear();
        if (HasSide) _side.AsSpan(Filled).Clear();
    }

    /// <summary>Windows the frame and transforms it into <see cref="Re"/> and <see cref="Im"/>.</summary>
    public void Transform()
    {
        TensorPrimitives.Multiply(_mid, _window, Re);
        if (HasSide) TensorPrimitives.Multiply(_side, _window, Im);
        else Array.Clear(Im);
        // A part that is exactly zero (side of identical channels, mid of opposite ones) keeps an exact zero power: the
        // separation below relies on Z[k] and Z[N−k] being conjugates to the last bit, which the FFT's rounding does not
        // promise, so the other part's rounding (about 150 dB down) would otherwise show up in it.
        // (The search stops at the first sample that is not zero, so it costs nothing on music.)
        _midSilent = Re.AsSpan().IndexOfAnyExcept(0f) < 0;
        _sideSilent = Im.AsSpan().IndexOfAnyExcept(0f) < 0;
        _fft.Forward(Re, Im);
    }

    /// <summary>Unnormalised power of mid and of side in bin <paramref name="k"/> (0 ≤ k ≤ N/2) of the last transform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Mid, double Side) PowerAt(int k)
    {
        var j = k == 0 ? 0 : Length - k;
        double ar = Re[k], ai = Im[k], br = Re[j], bi = Im[j];
        // Z = M + iS  =>  M[k] = (Z[k] + conj Z[N-k]) / 2,  S[k] = (Z[k] - conj Z[N-k]) / 2i.
        return (_midSilent ? 0 : ((ar + br) * (ar + br) + (ai - bi) * (ai - bi)) * 0.25,
                _sideSilent ? 0 : ((ar - br) * (ar - br) + (ai + bi) * (ai + bi)) * 0.25);
    }

    /// <summary>
    /// <see cref="PowerAt"/> for every bin 0 ≤ k ≤ N/2 at once, into <paramref name="mid"/> and <paramref name="side"/>
    /// (each at least N/2 + 1 long). The same double arithmetic as <see cref="PowerAt"/>, four bins to a vector, with
    /// the mirrored bins N − k read as a reversed vector: the same bits (a test compares them bin by bin).
    /// </summary>
    public void Powers(Span<double> mid, Span<double> side)
    {
        var n = Length;
        var half = n / 2;
        if (mid.Length <= half || side.Length <= half) throw new ArgumentException("The power arrays must hold N/2 + 1 bins.");
        (mid[0], side[0]) = PowerAt(0);
        var k = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var re = ref MemoryMarshal.GetArrayDataReference(Re);
            ref var im = ref MemoryMarshal.GetArrayDataReference(Im);
            ref var m0 = ref MemoryMarshal.GetReference(mid);
            ref var s0 = ref MemoryMarshal.GetReference(side);
            var reverse = Vector256.Create(3L, 2L, 1L, 0L);
            var quarter = Vector256.Create(0.25);
            // Bins k..k+3 and their mirrors N−k−3..N−k (reversed so that lane i of each holds bin k+i's pair).
            for (; k + 4 <= half; k += 4)
            {
                var ar = Widen(ref re, k);
                var ai = Widen(ref im, k);
                var br = Vector256.Shuffle(Widen(ref re, n - k - 3), reverse);
                var bi = Vector256.Shuffle(Widen(ref im, n - k - 3), reverse);
                var sr = ar + br;
                var di = ai - bi;
                var dr = ar - br;
                var si = ai + bi;
                ((sr * sr + di * di) * quarter).StoreUnsafe(ref m0, (nuint)k);
                ((dr * dr + si * si) * quarter).StoreUnsafe(ref s0, (nuint)k);
            }
        }
        for (; k <= half; k++) (mid[k], side[k]) = PowerAt(k);
        if (_midSilent) mid[..(half + 1)].Clear();
        if (_sideSilent) side[..(half + 1)].Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(ref float source, int index) =>
        System.Runtime.Intrinsics.X86.Avx.IsSupported
            ? System.Runtime.Intrinsics.X86.Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)index))
            : Vector256.Create((double)Unsafe.Add(ref source, index), Unsafe.Add(ref source, index + 1),
                               Unsafe.Add(ref source, index + 2), Unsafe.Add(ref source, index + 3));

    /// <summary>DC and Nyquist appear once in the two-sided spectrum, every other bin twice.</summary>
    public double OneSidedFactor(int k) => k == 0 || k == Length / 2 ? 1.0 : 2.0;
}
