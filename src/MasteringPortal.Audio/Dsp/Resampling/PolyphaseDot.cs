using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// The inner loop of the converter: one polyphase branch against the input history, with four independent
/// 8-lane accumulators of fused multiply-adds (hides FMA latency).
/// </summary>
/// <remarks>
/// Fixed 256-bit vectors, fused multiply-add and a fixed lane-summing order, rather than
/// <c>Vector&lt;T&gt;</c> (whose width depends on the CPU) or a library horizontal sum: every machine adds
/// the same products in the same order, so a render is bit-identical across machines.
/// Where the CPU lacks 256-bit or FMA instructions the runtime emulates them lane by lane with the same
/// IEEE results. Float accumulation leaves rounding noise around −140 dBFS, broadband; the stopband and
/// passband tests measure the converted signal, so this choice is checked, not assumed.
/// </remarks>
internal static class PolyphaseDot
{
    private const int Lanes = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> x)
    {
        var n = taps.Length;
        ref var t = ref MemoryMarshal.GetReference(taps);
        ref var s = ref MemoryMarshal.GetReference(x);
        var i = 0;
        var sum = 0.0;
        if (n >= Lanes)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 4 * Lanes; i += 4 * Lanes)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)i), Vector256.LoadUnsafe(ref s, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)(i + Lanes)), Vector256.LoadUnsafe(ref s, (nuint)(i + Lanes)), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)(i + 2 * Lanes)), Vector256.LoadUnsafe(ref s, (nuint)(i + 2 * Lanes)), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)(i + 3 * Lanes)), Vector256.LoadUnsafe(ref s, (nuint)(i + 3 * Lanes)), a3);
            }
            for (; i <= n - Lanes; i += Lanes)
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)i), Vector256.LoadUnsafe(ref s, (nuint)i), a0);
            var acc = (a0 + a1) + (a2 + a3);
            // Lanes summed pairwise in a fixed order (not Vector256.Sum, whose order is the platform's).
            var lo = acc.GetLower() + acc.GetUpper();
            sum = (double)((lo.GetElement(0) + lo.GetElement(2)) + (lo.GetElement(1) + lo.GetElement(3)));
        }
        for (; i < n; i++) sum += (double)Unsafe.Add(ref t, i) * Unsafe.Add(ref s, i);
        return sum;
    }
}
