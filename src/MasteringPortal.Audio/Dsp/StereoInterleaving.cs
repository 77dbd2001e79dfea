using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MasteringPortal.Audio.Dsp;

/// <summary>
/// Splits interleaved stereo (L R L R …) into two channel arrays and joins them back, eight frames per step with
/// 256-bit shuffles where the processor has AVX2 (a plain loop elsewhere and for the last frames). Every file the
/// engine reads or writes passes through one of these, on the two-channel path that nearly all music takes.
/// </summary>
public static class StereoInterleaving
{
    private const int Step = 8;

    /// <summary>Frames [0, left.Length) of <paramref name="interleaved"/> into <paramref name="left"/> and <paramref name="right"/>.</summary>
    public static void Split(ReadOnlySpan<float> interleaved, Span<float> left, Span<float> right) =>
        Split(interleaved, left, right, allowVectors: true);

    /// <param name="allowVectors">False keeps the plain loop, for the tests.</param>
    internal static void Split(ReadOnlySpan<float> interleaved, Span<float> left, Span<float> right, bool allowVectors)
    {
        var frames = left.Length;
        if (right.Length < frames || interleaved.Length < 2 * frames) throw new ArgumentException("The buffers are shorter than the frames asked for.");
        var i = 0;
        if (allowVectors && Avx2.IsSupported)
        {
            ref var src = ref MemoryMarshal.GetReference(interleaved);
            ref var l = ref MemoryMarshal.GetReference(left);
            ref var r = ref MemoryMarshal.GetReference(right);
            for (; i + Step <= frames; i += Step)
            {
                var a = Vector256.LoadUnsafe(ref src, (nuint)(2 * i));          // l0 r0 l1 r1 | l2 r2 l3 r3
                var b = Vector256.LoadUnsafe(ref src, (nuint)(2 * i + Step));   // l4 r4 l5 r5 | l6 r6 l7 r7
                // Within each 128-bit half: (l0 l1 l4 l5 | l2 l3 l6 l7), then the middle pairs swapped into order.
                var evens = Avx.Shuffle(a, b, 0b10_00_10_00);
                var odds = Avx.Shuffle(a, b, 0b11_01_11_01);
                Avx2.Permute4x64(evens.AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref l, (nuint)i);
                Avx2.Permute4x64(odds.AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < frames; i++)
        {
            left[i] = interleaved[2 * i];
            right[i] = interleaved[2 * i + 1];
        }
    }

    /// <summary><paramref name="left"/> and <paramref name="right"/> (equal lengths) into interleaved frames.</summary>
    public static void Join(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> interleaved) =>
        Join(left, right, interleaved, allowVectors: true);

    /// <param name="allowVectors">False keeps the plain loop, for the tests.</param>
    internal static void Join(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> interleaved, bool allowVectors)
    {
        var frames = left.Length;
        if (right.Length < frames || interleaved.Length < 2 * frames) throw new ArgumentException("The buffers are shorter than the frames asked for.");
        var i = 0;
        if (allowVectors && Avx2.IsSupported)
        {
            ref var dst = ref MemoryMarshal.GetReference(interleaved);
            ref var l = ref MemoryMarshal.GetReference(left);
            ref var r = ref MemoryMarshal.GetReference(right);
            for (; i + Step <= frames; i += Step)
            {
                // (l0 l1 l4 l5 | l2 l3 l6 l7) and the same of right, then unpacked in pairs within each half.
                var lv = Avx2.Permute4x64(Vector256.LoadUnsafe(ref l, (nuint)i).AsDouble(), 0b11_01_10_00).AsSingle();
                var rv = Avx2.Permute4x64(Vector256.LoadUnsafe(ref r, (nuint)i).AsDouble(), 0b11_01_10_00).AsSingle();
                Avx.UnpackLow(lv, rv).StoreUnsafe(ref dst, (nuint)(2 * i));
                Avx.UnpackHigh(lv, rv).StoreUnsafe(ref dst, (nuint)(2 * i + Step));
            }
        }
        for (; i < frames; i++)
        {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = right[i];
        }
    }
}
