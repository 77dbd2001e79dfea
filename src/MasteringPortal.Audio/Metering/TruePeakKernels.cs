using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// The polyphase interpolation at the heart of both true-peak readers, the meter's <see cref="TruePeakDetector"/> and
/// the limiter's envelope: for a vector of consecutive outputs, the largest magnitude over the points interpolated
/// after each input sample. One load of the input per tap feeds every phase's accumulator, which is why 4x (three
/// interpolating phases) and 8x (seven) have kernels of their own. The multiply-add is a type argument so that each
/// caller keeps its own rounding while the JIT still compiles a branch-free, call-free tap loop.
/// </summary>
internal static class TruePeakKernels
{
    private const int Taps = TruePeakDetector.TapsPerPhase;

    /// <summary>Each tap of each phase broadcast across a vector; refuses a design that is not <see cref="TruePeakDetector.TapsPerPhase"/> long.</summary>
    public static Vector<float>[][] Broadcast(float[][] phases)
    {
        var vectors = phases.Select(p => p.Select(t => new Vector<float>(t)).ToArray()).ToArray();
        if (vectors.Any(p => p.Length != Taps)) throw new InvalidOperationException("Interpolator design has the wrong length.");
        return vectors;
    }

    /// <summary>
    /// The largest interpolated magnitude for the outputs whose newest input is at <paramref name="start"/> (and the
    /// next lanes). The work buffer must hold <see cref="TruePeakDetector.TapsPerPhase"/> − 1 samples of history before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MaxInterpolated<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        if (h.Length == 3) return Max4x<TMultiplyAdd>(ref w0, start, h);
        if (h.Length == 7) return Max8x<TMultiplyAdd>(ref w0, start, h);
        return MaxAnyFactor<TMultiplyAdd>(ref w0, start, h);
    }

    /// <summary>
    /// One output without vectors (the tail of a block): the original sample half the filter back, and every phase's
    /// interpolated point after it, fused to one rounding per tap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScalarEnvelope(float[] work, int newest, float[][] phases)
    {
        var m = Math.Abs(work[newest - Taps / 2]);
        foreach (var h in phases)
        {
            float acc = 0;
            for (var k = 0; k < Taps; k++) acc = MathF.FusedMultiplyAdd(h[k], work[newest - k], acc);
            m = Math.Max(m, Math.Abs(acc));
        }
        return m;
    }

    // Every phase holds exactly Taps vectors (checked by Broadcast), so the unchecked reads stay inside.
    private static Vector<float> Max4x<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        Vector<float> a1 = default, a2 = default, a3 = default;
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(h[0]);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(h[1]);
        ref var r3 = ref MemoryMarshal.GetArrayDataReference(h[2]);
        for (nuint k = 0; k < Taps; k++)
        {
            var v = Vector.LoadUnsafe(ref w0, start - k);
            a1 = TMultiplyAdd.Apply(Unsafe.Add(ref r1, k), v, a1);
            a2 = TMultiplyAdd.Apply(Unsafe.Add(ref r2, k), v, a2);
            a3 = TMultiplyAdd.Apply(Unsafe.Add(ref r3, k), v, a3);
        }
        return Vector.Max(Vector.Abs(a1), Vector.Max(Vector.Abs(a2), Vector.Abs(a3)));
    }

    private static Vector<float> MaxAnyFactor<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        var m = Vector<float>.Zero;
        foreach (var phase in h)
        {
            var acc = Vector<float>.Zero;
            for (var k = 0; k < Taps; k++) acc = TMultiplyAdd.Apply(phase[k], Vector.LoadUnsafe(ref w0, start - (nuint)k), acc);
            m = Vector.Max(m, Vector.Abs(acc));
        }
        return m;
    }

    private static Vector<float> Max8x<TMultiplyAdd>(ref float w0, nuint start, Vector<float>[][] h)
        where TMultiplyAdd : struct, IVectorMultiplyAdd
    {
        Vector<float> a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(h[0]);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(h[1]);
        ref var r3 = ref MemoryMarshal.GetArrayDataReference(h[2]);
        ref var r4 = ref MemoryMarshal.GetArrayDataReference(h[3]);
        ref var r5 = ref MemoryMarshal.GetArrayDataReference(h[4]);
        ref var r6 = ref MemoryMarshal.GetArrayDataReference(h[5]);
        ref var r7 = ref MemoryMarshal.GetArrayDataReference(h[6]);
        for (nuint k = 0; k < Taps; k++)
        {
            var v = Vector.LoadUnsafe(ref w0, start - k);
            a1 = TMultiplyAdd.Apply(Unsafe.Add(ref r1, k), v, a1);
            a2 = TMultiplyAdd.Apply(Unsafe.Add(ref r2, k), v, a2);
            a3 = TMultiplyAdd.Apply(Unsafe.Add(ref r3, k), v, a3);
            a4 = TMultiplyAdd.Apply(Unsafe.Add(ref r4, k), v, a4);
            a5 = TMultiplyAdd.Apply(Unsafe.Add(ref r5, k), v, a5);
            a6 = TMultiplyAdd.Apply(Unsafe.Add(ref r6, k), v, a6);
            a7 = TMultiplyAdd.Apply(Unsafe.Add(ref r7, k), v, a7);
        }
        var m = Vector.Max(Vector.Max(Vector.Abs(a1), Vector.Abs(a2)), Vector.Max(Vector.Abs(a3), Vector.Abs(a4)));
        return Vector.Max(m, Vector.Max(Vector.Max(Vector.Abs(a5), Vector.Abs(a6)), Vector.Abs(a7)));
    }
}
