using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// The polyphase interpolation at the heart of both true-peak readers, the meter's <see cref="TruePeakDetector"/> and
/// the limiter's envelope: for a vector of consecutive input samples, the three points a 4x interpolator places after
/// each, then the largest magnitude over the original sample, those points and the parabolic vertices between them
/// (<see cref="ParabolicPeak"/>). One load of the input per tap feeds all three phases' accumulators. The multiply-add
/// is a type argument so that each caller keeps its own rounding while the JIT still compiles a branch-free,
/// call-free tap loop. The meter's design has <see cref="TruePeakDetector.TapsPerPhase"/> taps per phase; the limiter
/// also runs a longer one near Nyquist (<see cref="Dsp.Limiting.LimiterPeakEnvelope"/>), so the length is a parameter.
/// </summary>
internal static class TruePeakKernels
{
    /// <summary>Each tap of each phase broadcast across a vector; refuses a design that is not 3 phases of <paramref name="taps"/>.</summary>
    public static Vector<float>[][] Broadcast(float[][] phases, int taps = TruePeakDetector.TapsPerPhase)
    {
        var vectors = phases.Select(p => p.Select(t => new Vector<float>(t)).ToArray()).ToArray();
        if (vectors.Length != 3 || vectors.Any(p => p.Length != taps)) throw new InvalidOperationException("Interpolator design has the wrong shape.");
        return vectors;
    }

    /// <summary>The meter's design: <see cref="Envelope{TMultiplyAdd}(ref float, nuint, Vector{float}[][], int)"/> with <see cref="TruePeakDetector.TapsPerPhase"/> taps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Envelope<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h)
        where TMultiplyAdd : struct, IVectorMultiplyAdd => Envelope<TMultiplyAdd>(ref w0, start, h, TruePeakDetector.TapsPerPhase);

    /// <summary>
    /// The true-peak envelope of the input samples at <paramref name="start"/> − <paramref name="taps"/>/2 and the
    /// next lanes: each lane's largest magnitude from its sample up to the next one. The work buffer must hold
    /// <paramref name="taps"/> − 1 samples of history before <paramref name="start"/>; every phase of
    /// <paramref name="h"/> must hold <paramref name="taps"/> vectors (<see cref="Broadcast"/> checks it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Envelope<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h, int taps)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        var delay = (nuint)(taps / 2);
        Vector<float> a1 = default, a2 = default, a3 = default;
        // Every phase holds exactly Taps vectors (checked by Broadcast), so the unchecked reads stay inside.
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(h[0]);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(h[1]);
        ref var r3 = ref MemoryMarshal.GetArrayDataReference(h[2]);
        for (nuint k = 0; k < (nuint)taps; k++)
        {
            var v = Vector.LoadUnsafe(ref w0, start - k);
            a1 = TMultiplyAdd.Apply(Unsafe.Add(ref r1, k), v, a1);
            a2 = TMultiplyAdd.Apply(Unsafe.Add(ref r2, k), v, a2);
            a3 = TMultiplyAdd.Apply(Unsafe.Add(ref r3, k), v, a3);
        }
        return Largest(ref w0, start - delay, a1, a2, a3);
    }

    /// <summary>
    /// <see cref="Envelope{TMultiplyAdd}(ref float, nuint, Vector{float}[][], int)"/> for two adjacent vectors of lanes
    /// (<paramref name="start"/> and the next vector), with the same bits. Each accumulator is a chain of
    /// <paramref name="taps"/> dependent multiply-adds, and three chains leave the processor's multiply-add units idle
    /// most of the time; two vectors' six chains, interleaved, keep them about twice as busy. Every lane still adds its
    /// taps in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<float> First, Vector<float> Second) Envelope2<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h, int taps)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        var delay = (nuint)(taps / 2);
        var width = (nuint)Vector<float>.Count;
        Vector<float> a1 = default, a2 = default, a3 = default, b1 = default, b2 = default, b3 = default;
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(h[0]);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(h[1]);
        ref var r3 = ref MemoryMarshal.GetArrayDataReference(h[2]);
        for (nuint k = 0; k < (nuint)taps; k++)
        {
            var v = Vector.LoadUnsafe(ref w0, start - k);
            var u = Vector.LoadUnsafe(ref w0, start + width - k);
            var c1 = Unsafe.Add(ref r1, k);
            var c2 = Unsafe.Add(ref r2, k);
            var c3 = Unsafe.Add(ref r3, k);
            a1 = TMultiplyAdd.Apply(c1, v, a1);
            b1 = TMultiplyAdd.Apply(c1, u, b1);
            a2 = TMultiplyAdd.Apply(c2, v, a2);
            b2 = TMultiplyAdd.Apply(c2, u, b2);
            a3 = TMultiplyAdd.Apply(c3, v, a3);
            b3 = TMultiplyAdd.Apply(c3, u, b3);
        }
        return (Largest(ref w0, start - delay, a1, a2, a3), Largest(ref w0, start + width - delay, b1, b2, b3));
    }

    /// <summary>Each lane's largest magnitude over its sample (at <paramref name="sample"/>), the three points after it and the vertices up to the next sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Largest(ref float w0, nuint sample, Vector<float> a1, Vector<float> a2, Vector<float> a3)
    {
        var a0 = Vector.LoadUnsafe(ref w0, sample);
        var next = Vector.LoadUnsafe(ref w0, sample + 1);
        var m = Vector.Max(Vector.Max(Vector.Abs(a0), Vector.Abs(a1)), Vector.Max(Vector.Abs(a2), Vector.Abs(a3)));
        return Vector.Max(m, ParabolicPeak.Max(a0, a1, a2, a3, next));
    }

    /// <summary>
    /// One lane without vectors (the tail of a block), the same points and vertices, fused to one rounding per tap.
    /// Reads the sample after the lane's own (<paramref name="newest"/> − T/2 + 1), which must already be in the buffer.
    /// </summary>
    public static float ScalarEnvelope(float[] work, int newest, float[][] phases)
    {
        var taps = phases[0].Length;
        var delay = taps / 2;
        Span<float> y = stackalloc float[5];
        y[0] = work[newest - delay];
        y[4] = work[newest - delay + 1];
        for (var p = 0; p < 3; p++)
        {
            var h = phases[p];
            float acc = 0;
            for (var k = 0; k < taps; k++) acc = MathF.FusedMultiplyAdd(h[k], work[newest - k], acc);
            y[p + 1] = acc;
        }
        var m = Math.Max(Math.Max(Math.Abs(y[0]), Math.Abs(y[1])), Math.Max(Math.Abs(y[2]), Math.Abs(y[3])));
        for (var c = 1; c <= 3; c++) m = Math.Max(m, ParabolicPeak.Vertex(y[c - 1], y[c], y[c + 1]));
        return m;
    }
}
