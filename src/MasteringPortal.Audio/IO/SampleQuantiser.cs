using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Converts float samples (full scale ±1.0) to the file's sample bytes. For integer PCM this is plain
/// rounding to the nearest code (ties away from zero) with clipping to the code range: there is
/// deliberately no dither here. The render engine dithers before it hands samples to a writer, and a
/// second dither would add noise twice. The scale is 2^(N-1), the exact inverse of
/// <see cref="SampleDecoder"/>, so writing decoded samples back reproduces the same codes.
/// Float layouts store the value as is (no clipping: a float master may legitimately exceed 0 dBFS).
/// </summary>
public static class SampleQuantiser
{
    public static void Encode(ReadOnlySpan<float> source, SampleLayout layout, Span<byte> destination)
    {
        var n = source.Length;
        switch (layout)
        {
            case SampleLayout.UInt8:
                for (var i = 0; i < n; i++) destination[i] = (byte)(Quantise(source[i], 128.0, -128, 127) + 128);
                break;
            case SampleLayout.Int8:
                for (var i = 0; i < n; i++) destination[i] = (byte)(sbyte)Quantise(source[i], 128.0, -128, 127);
                break;
            case SampleLayout.Int16LittleEndian:
                for (var i = EncodeInt16LittleEndianVectors(source, destination); i < n; i++)
                    BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 2)..], (short)Quantise(source[i], 32768.0, short.MinValue, short.MaxValue));
                break;
            case SampleLayout.Int16BigEndian:
                for (var i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt16BigEndian(destination[(i * 2)..], (short)Quantise(source[i], 32768.0, short.MinValue, short.MaxValue));
                break;
            case SampleLayout.Int24LittleEndian:
                for (int i = 0, j = 0; i < n; i++, j += 3)
                {
                    var v = Quantise(source[i], 8388608.0, -8388608, 8388607);
                    destination[j] = (byte)v;
                    destination[j + 1] = (byte)(v >> 8);
                    destination[j + 2] = (byte)(v >> 16);
                }
                break;
            case SampleLayout.Int24BigEndian:
                for (int i = 0, j = 0; i < n; i++, j += 3)
                {
                    var v = Quantise(source[i], 8388608.0, -8388608, 8388607);
                    destination[j] = (byte)(v >> 16);
                    destination[j + 1] = (byte)(v >> 8);
                    destination[j + 2] = (byte)v;
                }
                break;
            case SampleLayout.Int32LittleEndian:
                for (var i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], Quantise(source[i], 2147483648.0, int.MinValue, int.MaxValue));
                break;
            case SampleLayout.Int32BigEndian:
                for (var i = 0; i < n; i++)
                    BinaryPrimitives.WriteInt32BigEndian(destination[(i * 4)..], Quantise(source[i], 2147483648.0, int.MinValue, int.MaxValue));
                break;
            case SampleLayout.Float32LittleEndian:
                for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                break;
            case SampleLayout.Float32BigEndian:
                for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleBigEndian(destination[(i * 4)..], source[i]);
                break;
            case SampleLayout.Float64LittleEndian:
                for (var i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * 8)..], source[i]);
                break;
            case SampleLayout.Float64BigEndian:
                for (var i = 0; i < n; i++) BinaryPrimitives.WriteDoubleBigEndian(destination[(i * 8)..], source[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout));
        }
    }

    /// <summary>
    /// <see cref="Quantise"/> for 16-bit little-endian, 16 samples at a time (the 16-bit deliverable's writer);
    /// returns how many samples it wrote, the rest being left to the scalar loop. Same codes to the last bit:
    /// a float times 2¹⁵ is exact in double, and there x + copysign(½, x) is exact too, so truncating it is
    /// rounding with ties away from zero (a test compares both on halves, limits, infinities and NaN).
    /// </summary>
    private static int EncodeInt16LittleEndianVectors(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (!Vector256.IsHardwareAccelerated || !BitConverter.IsLittleEndian) return 0;
        var n = source.Length & ~15;
        if (n == 0) return 0;
        if (destination.Length < 2 * n) throw new ArgumentException("The destination is too short.", nameof(destination));
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        for (var i = 0; i < n; i += 16)
        {
            var (a, b) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            var (c, d) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i + 8));
            var ab = Vector256.Narrow(ToCode(a), ToCode(b));
            var cd = Vector256.Narrow(ToCode(c), ToCode(d));
            // Narrow keeps element order (a's elements, then b's): the codes come out in sample order.
            Vector256.Narrow(ab, cd).StoreUnsafe(ref Unsafe.As<byte, short>(ref Unsafe.Add(ref dst, 2 * i)));
        }
        return n;
    }

    private static Vector256<long> ToCode(Vector256<double> sample)
    {
        var x = sample * Vector256.Create(32768.0);
        var rounded = Vector256.Truncate(x + Vector256.CopySign(Vector256.Create(0.5), x));
        var clipped = Vector256.Min(Vector256.Max(rounded, Vector256.Create(-32768.0)), Vector256.Create(32767.0));
        // NaN (x ≠ x) becomes 0.
        clipped = Vector256.ConditionalSelect(Vector256.Equals(x, x), clipped, Vector256<double>.Zero);
        return Vector256.ConvertToInt64(clipped);
    }

    /// <summary>Round to nearest (ties away from zero) and clip; NaN becomes 0 rather than an arbitrary code.</summary>
    private static int Quantise(float sample, double scale, int min, int max)
    {
        var v = Math.Round(sample * scale, MidpointRounding.AwayFromZero);
        if (v >= max) return max;
        if (v <= min) return min;
        return double.IsNaN(v) ? 0 : (int)v;
    }
}
