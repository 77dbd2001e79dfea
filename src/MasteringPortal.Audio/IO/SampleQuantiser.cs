using System.Buffers.Binary;

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
                for (var i = 0; i < n; i++)
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

    /// <summary>Round to nearest (ties away from zero) and clip; NaN becomes 0 rather than an arbitrary code.</summary>
    private static int Quantise(float sample, double scale, int min, int max)
    {
        var v = Math.Round(sample * scale, MidpointRounding.AwayFromZero);
        if (v >= max) return max;
        if (v <= min) return min;
        return double.IsNaN(v) ? 0 : (int)v;
    }
}
