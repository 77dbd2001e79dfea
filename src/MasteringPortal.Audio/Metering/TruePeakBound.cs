using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// A proven upper bound on everything the meter's true-peak reading (<see cref="TruePeakKernels"/>, the design of
/// <see cref="TruePeakDetector"/>) holds for a vector of consecutive outputs, at about half the cost of the reading,
/// so that the peak-only meter can skip the outputs that cannot raise its peak. The <see cref="CentralTaps"/> taps
/// either side of the filter's centre are summed exactly for each phase (they carry most of its gain and the signal's
/// signs, so on smooth material the bound stays close to the reading), the others by magnitude, Σ max_p|h_p,k|·|x(n−k)|,
/// once for all phases. The original sample and the next one count as points too, and the whole is raised by the
/// parabola's cap (<see cref="ParabolicPeak.Cap4x"/>): no vertex exceeds the cap times its three points. A margin
/// covers the float rounding of both the bound and the reading it bounds (each off by at most taps·2⁻²⁴·Σ|h|·|x|),
/// fused or not.
/// Measured on the render benchmark's master (-11 LUFS, -1 dBTP): the meter skipped 58 % of its vectors of 8 outputs
/// with the bound by magnitudes alone, 92 % with this one.
/// <para>
/// The taps outside the centre go by pairs: Σ over a pair of |h_k|·|x(n−k)| is at most the larger |h| of the two times
/// |x(n−k)| + |x(n−k−1)|, and those sums of neighbouring magnitudes are made once per chunk (<see cref="PairMagnitudes"/>),
/// so the far taps cost one multiply-add per pair instead of a load, an absolute value and a multiply-add per tap.
/// Neighbouring taps differ little in size, so the bound loosens little: measured on the analysis benchmark's inputs, the
/// share of vectors skipped went from 93.7 to 91.9 % on the dense master and from 96.9 to 96.1 % on the real dense master
/// (above 98.7 % on the others), while the meter's share of the dense master's whole analysis fell from 29 to 24 % (perf,
/// one core): the bound is computed for nearly every vector, so its own cost is what counts.
/// </para>
/// </summary>
internal sealed class TruePeakBound
{
    /// <summary>Taps either side of the centre summed exactly.</summary>
    public const int CentralTaps = 4;

    private const float RoundingMargin = 1e-5f;

    private readonly int _taps;
    private readonly int _from;
    private readonly int _to;
    private readonly Vector<float> _scale;
    private readonly Vector<float>[] _central;   // phase-major, (_to − _from) taps per phase
    private readonly Vector<float>[] _magnitude; // per tap, the largest |h| over the phases
    private readonly Vector<float>[] _pairs;     // per pair of taps outside the centre, the larger of their _magnitude

    /// <param name="phases">The three interpolating phases of a 4x design, tap k of each multiplying x(newest − k).</param>
    public TruePeakBound(float[][] phases)
    {
        _taps = phases[0].Length;
        if (phases.Length != 3 || phases.Any(p => p.Length != _taps) || _taps < 2 * CentralTaps || (_taps / 2 - CentralTaps) % 2 != 0)
            throw new InvalidOperationException("Interpolator design has the wrong shape.");
        _from = _taps / 2 - CentralTaps;
        _to = _taps / 2 + CentralTaps;
        _scale = new Vector<float>(ParabolicPeak.Cap4x * (1 + RoundingMargin));
        _central = phases.SelectMany(p => p[_from.._to]).Select(h => new Vector<float>(h)).ToArray();
        _magnitude = Enumerable.Range(0, _taps)
            .Select(k => new Vector<float>(phases.Max(p => Math.Abs(p[k])) * (1 + RoundingMargin)))
            .ToArray();
        // Pairs (k, k + 1) for k = 0, 2, … below the centre and k = _to, _to + 2, … above it.
        _pairs = PairStarts().Select(k => Vector.Max(_magnitude[k], _magnitude[k + 1])).ToArray();
    }

    private IEnumerable<int> PairStarts()
    {
        for (var k = 0; k < _from; k += 2) yield return k;
        for (var k = _to; k + 1 < _taps; k += 2) yield return k;
    }

    /// <summary>
    /// pairs[i] = |work[i]| + |work[i − 1]| for i in [1, work.Length) (pairs[0] is not used): what <see cref="Upper"/>
    /// reads for the taps outside the centre.
    /// </summary>
    public static void PairMagnitudes(ReadOnlySpan<float> work, Span<float> pairs)
    {
        if (pairs.Length < work.Length) throw new ArgumentException("The pairs must be as long as the work buffer.", nameof(pairs));
        if (work.Length < 2) return;
        System.Numerics.Tensors.TensorPrimitives.Abs(work, pairs);
        // Backwards, in place: each element adds the magnitude before it before that one is changed.
        var i = work.Length - 1;
        var width = Vector<float>.Count;
        for (; i - width >= 0; i -= width)
        {
            var current = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(pairs), (nuint)(i - width + 1));
            var previous = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(pairs), (nuint)(i - width));
            (current + previous).StoreUnsafe(ref MemoryMarshal.GetReference(pairs), (nuint)(i - width + 1));
        }
        for (; i >= 1; i--) pairs[i] += pairs[i - 1];
    }

    /// <summary>
    /// For the lanes whose newest input is at <paramref name="newest"/> and after: no point the interpolator reads, nor
    /// any parabolic vertex between them, exceeds this. The work buffer must hold taps − 1 samples before
    /// <paramref name="newest"/>, and the sample after each lane's own; <paramref name="pairs0"/> is its
    /// <see cref="PairMagnitudes"/>, index for index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Upper(ref float w0, ref float pairs0, nuint newest)
    {
        ref var g = ref MemoryMarshal.GetArrayDataReference(_magnitude);
        ref var h = ref MemoryMarshal.GetArrayDataReference(_central);
        ref var gp = ref MemoryMarshal.GetArrayDataReference(_pairs);
        // Σ over each pair (k, k + 1) of |h|·|x(n − k)|, bounded by the pair's larger |h| times pairs[n − k].
        Vector<float> tail = default, tail2 = default;
        nuint pair = 0;
        for (nuint k = 0; k < (nuint)_from; k += 2, pair++)
            tail = FusedWhereSupported.Apply(Unsafe.Add(ref gp, pair), Vector.LoadUnsafe(ref pairs0, newest - k), tail);
        for (var k = (nuint)_to; k + 1 < (nuint)_taps; k += 2, pair++)
            tail2 = FusedWhereSupported.Apply(Unsafe.Add(ref gp, pair), Vector.LoadUnsafe(ref pairs0, newest - k), tail2);
        tail += tail2;
        Vector<float> a1 = default, a2 = default, a3 = default, magnitude = default;
        var width = (nuint)(_to - _from);
        for (nuint j = 0; j < width; j++)
        {
            var v = Vector.LoadUnsafe(ref w0, newest - (nuint)_from - j);
            a1 = FusedWhereSupported.Apply(Unsafe.Add(ref h, j), v, a1);
            a2 = FusedWhereSupported.Apply(Unsafe.Add(ref h, width + j), v, a2);
            a3 = FusedWhereSupported.Apply(Unsafe.Add(ref h, 2 * width + j), v, a3);
            magnitude = FusedWhereSupported.Apply(Unsafe.Add(ref g, (nuint)_from + j), Vector.Abs(v), magnitude);
        }
        var points = Vector.Max(Vector.Abs(a1), Vector.Max(Vector.Abs(a2), Vector.Abs(a3)));
        var bound = points + tail + (tail + magnitude) * new Vector<float>(RoundingMargin);
        var own = newest - (nuint)(_taps / 2);
        bound = Vector.Max(bound, Vector.Max(Vector.Abs(Vector.LoadUnsafe(ref w0, own)), Vector.Abs(Vector.LoadUnsafe(ref w0, own + 1))));
        return bound * _scale;
    }
}
