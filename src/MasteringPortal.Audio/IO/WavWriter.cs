using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Writes a WAV file (PCM 8/16/24/32-bit, IEEE float 32/64-bit) with an optional `bext` chunk.
/// A 28-byte JUNK chunk is reserved after the RIFF header (EBU Tech 3306 practice); if the file grows
/// past 4 GiB it becomes RF64 on completion: "RF64" replaces "RIFF", the JUNK chunk becomes `ds64`
/// with the 64-bit sizes, and the 32-bit size fields are set to 0xFFFFFFFF.
/// More than two channels use WAVE_FORMAT_EXTENSIBLE with a channel mask; float files carry the
/// `fact` chunk that the RIFF spec requires for non-PCM data.
/// Quantisation is plain rounding with clipping (no dither: see <see cref="AudioFileWriter"/>).
/// </summary>
public sealed class WavWriter : AudioFileWriter
{
    private const int Ds64BodyBytes = 28;
    private readonly long _factSamplesPos = -1;
    private readonly long _dataSizePos;

    public WavWriter(string path, PcmWriteFormat format, BextChunk? bext = null, uint? channelMask = null)
        : base(path, format, SampleLayouts.For(format.BitDepth, format.IsFloat, bigEndian: false, unsigned8Bit: true))
    {
        try
        {
            var header = new List<byte>(128 + (bext is null ? 0 : BextChunk.FixedSizeBytes));
            Put(header, "RIFF"u8); PutU32(header, 0); Put(header, "WAVE"u8);
            Put(header, "JUNK"u8); PutU32(header, Ds64BodyBytes); header.AddRange(new byte[Ds64BodyBytes]);

            var extensible = format.Channels > 2 || channelMask is not null;
            var tag = (ushort)(format.IsFloat ? 0x0003 : 0x0001);
            Put(header, "fmt "u8);
            PutU32(header, extensible ? 40u : format.IsFloat ? 18u : 16u);
            PutU16(header, extensible ? (ushort)0xFFFE : tag);
            PutU16(header, (ushort)format.Channels);
            PutU32(header, (uint)format.SampleRateHz);
            PutU32(header, (uint)(format.SampleRateHz * format.BlockAlignBytes));
            PutU16(header, (ushort)format.BlockAlignBytes);
            PutU16(header, (ushort)format.BitDepth);
            if (extensible)
            {
                PutU16(header, 22);
                PutU16(header, (ushort)format.BitDepth);
                PutU32(header, channelMask ?? DefaultChannelMask(format.Channels));
                // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format tag followed by the fixed GUID tail (mmreg.h).
                PutU16(header, tag);
                header.AddRange(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
            }
            else if (format.IsFloat) PutU16(header, 0); // cbSize

            if (format.IsFloat)
            {
                Put(header, "fact"u8); PutU32(header, 4);
                _factSamplesPos = header.Count;
                PutU32(header, 0);
            }

            if (bext is not null)
            {
                var body = bext.ToBytes();
                Put(header, "bext"u8); PutU32(header, (uint)body.Length); header.AddRange(body);
                if ((body.Length & 1) == 1) header.Add(0);
            }

            Put(header, "data"u8);
            _dataSizePos = header.Count;
            PutU32(header, 0);
            Stream.Write(header.ToArray());
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>RIFF size above which the file is finalised as RF64; lowered by tests to make small RF64 files.</summary>
    internal long Rf64ThresholdBytes { get; init; } = uint.MaxValue;

    /// <summary>Standard speaker positions (WAVEFORMATEXTENSIBLE dwChannelMask) for common layouts; 0 = unspecified.</summary>
    public static uint DefaultChannelMask(int channels) => channels switch
    {
        1 => 0x4,       // FC
        2 => 0x3,       // FL FR
        3 => 0x7,       // FL FR FC
        4 => 0x33,      // FL FR BL BR
        5 => 0x37,      // FL FR FC BL BR
        6 => 0x3F,      // FL FR FC LFE BL BR (5.1)
        8 => 0x63F,     // 5.1 + SL SR (7.1)
        _ => 0,
    };

    protected override void FinishHeader()
    {
        var dataBytes = DataBytes;
        if ((dataBytes & 1) == 1) Stream.WriteByte(0); // RIFF chunks are padded to even length
        var riffSize = Stream.Length - 8;
        var samplesPerChannel = FramesWritten;

        if (riffSize > Rf64ThresholdBytes || dataBytes > uint.MaxValue)
        {
            WriteAt(0, "RF64"u8);
            WriteU32At(4, uint.MaxValue);
            WriteAt(12, "ds64"u8);
            Span<byte> ds64 = stackalloc byte[Ds64BodyBytes];
            BinaryPrimitives.WriteInt64LittleEndian(ds64, riffSize);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[8..], dataBytes);
            BinaryPrimitives.WriteInt64LittleEndian(ds64[16..], samplesPerChannel);
            BinaryPrimitives.WriteUInt32LittleEndian(ds64[24..], 0); // no table: only data exceeds 32 bits
            WriteAt(20, ds64);
            WriteU32At(_dataSizePos, uint.MaxValue);
            if (_factSamplesPos >= 0) WriteU32At(_factSamplesPos, uint.MaxValue);
        }
        else
        {
            WriteU32At(4, (uint)riffSize);
            WriteU32At(_dataSizePos, (uint)dataBytes);
            if (_factSamplesPos >= 0) WriteU32At(_factSamplesPos, (uint)Math.Min(samplesPerChannel, uint.MaxValue));
        }
    }

    private void WriteAt(long position, ReadOnlySpan<byte> bytes)
    {
        Stream.Position = position;
        Stream.Write(bytes);
    }

    private void WriteU32At(long position, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        WriteAt(position, b);
    }

    private static void Put(List<byte> to, ReadOnlySpan<byte> bytes)
    {
        foreach (var x in bytes) to.Add(x);
    }

    private static void PutU32(List<byte> to, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        Put(to, b);
    }

    private static void PutU16(List<byte> to, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        Put(to, b);
    }
}
