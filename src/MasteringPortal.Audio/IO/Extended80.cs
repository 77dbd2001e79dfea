using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// The 80-bit IEEE 754 extended-precision number AIFF uses for its sample rate (Apple AIFF 1.3,
/// COMM chunk): 1 sign bit, 15-bit exponent biased by 16383, 64-bit mantissa with an explicit
/// integer bit. Every integer rate up to 2^53 converts exactly in both directions.
/// </summary>
public static class Extended80
{
    public const int SizeBytes = 10;
    private const int ExponentBias = 16383;

    /// <summary>Decodes 10 big-endian bytes; infinities and NaN come back as NaN (never a valid rate).</summary>
    public static double Read(ReadOnlySpan<byte> bytes)
    {
        var negative = (bytes[0] & 0x80) != 0;
        var exponent = ((bytes[0] & 0x7F) << 8) | bytes[1];
        var mantissa = BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
        if (exponent == 0x7FFF) return double.NaN;
        if (mantissa == 0) return 0.0;
        // value = mantissa * 2^(exponent - bias - 63); ScaleB saturates to 0 or infinity for extreme exponents.
        var value = Math.ScaleB((double)mantissa, exponent - ExponentBias - 63);
        return negative ? -value : value;
    }

    /// <summary>Encodes a finite value into 10 big-endian bytes (normalised: integer bit set).</summary>
    public static void Write(double value, Span<byte> bytes)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "An AIFF sample rate must be finite.");
        bytes[..SizeBytes].Clear();
        if (value == 0) return;
        var negative = value < 0;
        var magnitude = Math.Abs(value);
        var exponent = Math.ILogB(magnitude);                          // 2^exponent <= magnitude < 2^(exponent+1)
        var mantissa = (ulong)Math.ScaleB(magnitude, 63 - exponent);   // exact: a double has 53 significant bits
        var biased = exponent + ExponentBias;
        bytes[0] = (byte)((negative ? 0x80 : 0) | (biased >> 8));
        bytes[1] = (byte)biased;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[2..], mantissa);
    }
}
