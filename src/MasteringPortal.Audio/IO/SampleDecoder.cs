using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Converts raw sample bytes to float at full scale ±1.0. Integer PCM of N bits is divided by
/// 2^(N-1), so the most negative code maps to exactly -1.0 and every 8/16/24-bit code is represented
/// exactly in a float (24-bit mantissa); 32-bit PCM is rounded once to the nearest float.
/// Floats are passed through unchanged (values beyond ±1.0 are kept: they are real overs).
/// </summary>
public static class SampleDecoder
{
    private const float Scale8 = 1f / 128f;
    private const float Scale16 = 1f / 32768f;
    private const float Scale24 = 1f / 8388608f;
    private const double Scale32 = 1.0 / 2147483648.0;

    /// <summary>Decodes <paramref name="destination"/>.Length samples from <paramref name="source"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, SampleLayout layout, Span<float> destination)
    {
        var n = destination.Length;
        switch (layout)
        {
            case SampleLayout.UInt8:
                for (var i = 0; i < n; i++) destination[i] = (source[i] - 128) * Scale8;
                break;
            case SampleLayout.Int8:
                for (var i = 0; i < n; i++) destination[i] = (sbyte)source[i] * Scale8;
                break;
            case SampleLayout.Int16LittleEndian when BitConverter.IsLittleEndian:
            {
                var s = MemoryMarshal.Cast<byte, short>(source[..(n * 2)]);
                for (var i = 0; i < n; i++) destination[i] = s[i] * Scale16;
                break;
            }
            case SampleLayout.Int16LittleEndian:
                for (var i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]) * Scale16;
                break;
            case SampleLayout.Int16BigEndian:
                for (var i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt16BigEndian(source[(i * 2)..]) * Scale16;
                break;
            case SampleLayout.Int24LittleEndian:
                DecodeInt24(source[..(n * 3)], destination[..n], bigEndian: false);
                break;
            case SampleLayout.Int24BigEndian:
                DecodeInt24(source[..(n * 3)], destination[..n], bigEndian: true);
                break;
            case SampleLayout.Int32LittleEndian:
                for (var i = 0; i < n; i++) destination[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]) * Scale32);
                break;
            case SampleLayout.Int32BigEndian:
                for (var i = 0; i < n; i++) destination[i] = (float)(BinaryPrimitives.ReadInt32BigEndian(source[(i * 4)..]) * Scale32);
                break;
            case SampleLayout.Float32LittleEndian when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source[..(n * 4)]).CopyTo(destination);
                break;
            case SampleLayout.Float32LittleEndian:
                for (var i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case SampleLayout.Float32BigEndian:
                for (var i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleBigEndian(source[(i * 4)..]);
                break;
            case SampleLayout.Float64LittleEndian:
                for (var i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                break;
            case SampleLayout.Float64BigEndian:
                for (var i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(source[(i * 8)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout));
        }
    }

    /// <summary>
    /// 24-bit samples are the common mastering format, so this loop avoids per-byte bounds checks: it
    /// loads the 4 bytes that end with (LE) or start with (BE) each sample and lets an arithmetic shift
    /// drop the neighbour's byte and sign-extend. The first (LE) or last (BE) sample, whose 4-byte window
    /// would leave the buffer, is assembled byte by byte. Span lengths were checked by the slicing above.
    /// Where 128-bit SIMD is available the bulk goes four samples at a time (<see cref="DecodeInt24Vector"/>) with the
    /// same arithmetic, so the floats are identical.
    /// </summary>
    private static unsafe void DecodeInt24(ReadOnlySpan<byte> source, Span<float> destination, bool bigEndian)
    {
        var n = destination.Length;
        if (n == 0) return;
        fixed (byte* src = source)
        fixed (float* dst = destination)
        {
            var done = Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian ? DecodeInt24Vector(src, dst, n, bigEndian) : 0;
            if (!bigEndian)
            {
                if (done == 0) dst[0] = (((src[0] << 8) | (src[1] << 16) | (src[2] << 24)) >> 8) * Scale24;
                for (var i = Math.Max(1, done); i < n; i++)
                {
                    var v = Unsafe.ReadUnaligned<int>(src + i * 3 - 1); // bytes [-1, 0, 1, 2] of sample i
                    if (!BitConverter.IsLittleEndian) v = BinaryPrimitives.ReverseEndianness(v);
                    dst[i] = (v >> 8) * Scale24;
                }
            }
            else
            {
                for (var i = done; i < n - 1; i++)
                {
                    var v = Unsafe.ReadUnaligned<int>(src + i * 3); // bytes [0, 1, 2, +1] of sample i
                    if (BitConverter.IsLittleEndian) v = BinaryPrimitives.ReverseEndianness(v);
                    dst[i] = (v >> 8) * Scale24;
                }
                var last = (n - 1) * 3;
                dst[n - 1] = (((src[last] << 24) | (src[last + 1] << 16) | (src[last + 2] << 8)) >> 8) * Scale24;
            }
        }
    }

    // Byte shuffles that put sample j's three bytes in the top of 32-bit lane j (lowest byte zeroed: index 0x80 is out
    // of range, which Vector128.Shuffle turns into 0), little- and big-endian on disk. Lanes are little-endian ints.
    private static readonly Vector128<byte> Int24LittleEndianToLanes = Vector128.Create(
        (byte)0x80, 0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11);
    private static readonly Vector128<byte> Int24BigEndianToLanes = Vector128.Create(
        (byte)0x80, 2, 1, 0, 0x80, 5, 4, 3, 0x80, 8, 7, 6, 0x80, 11, 10, 9);

    /// <summary>
    /// Four samples per step: 16 bytes loaded (12 used), shuffled into four ints with the sample in the top 24 bits,
    /// an arithmetic shift right by 8 sign-extends, then int → float and the 2^-23 scale (both exact for 24-bit codes).
    /// Stops while a full 16-byte load still fits; returns how many samples it decoded (little-endian hosts only).
    /// </summary>
    private static unsafe int DecodeInt24Vector(byte* src, float* dst, int n, bool bigEndian)
    {
        var mask = bigEndian ? Int24BigEndianToLanes : Int24LittleEndianToLanes;
        var scale = Vector128.Create(Scale24);
        var i = 0;
        for (; 3L * i + 16 <= 3L * n; i += 4)
        {
            var bytes = Vector128.Load(src + 3 * i);
            var lanes = Vector128.ShiftRightArithmetic(Vector128.Shuffle(bytes, mask).AsInt32(), 8);
            (Vector128.ConvertToSingle(lanes) * scale).Store(dst + i);
        }
        return i;
    }
}
