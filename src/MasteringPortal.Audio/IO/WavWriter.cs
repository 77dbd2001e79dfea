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
            var header = new HeaderBytes(bigEndian: false, 128 + (bext is null ? 0 : BextChunk.FixedSizeBytes));
            header.Put("RIFF"u8); header.PutU32(0); header.Put("WAVE"u8);
            header.Put("JUNK"u8); header.PutU32(Ds64BodyBytes); header.PutZeros(Ds64BodyBytes);

            var extensible = format.Channels > 2 || channelMask is not null;
            var tag = (ushort)(format.IsFloat ? 0x0003 : 0x0001);
            header.Put("fmt "u8);
            header.PutU32(extensible ? 40u : format.IsFloat ? 18u : 16u);
            header.PutU16(extensible ? (ushort)0xFFFE : tag);
            header.PutU16((ushort)format.Channels);
            header.PutU32((uint)format.SampleRateHz);
            header.PutU32((uint)(format.SampleRateHz * format.BlockAlignBytes));
            header.PutU16((ushort)format.BlockAlignBytes);
            header.PutU16((ushort)format.BitDepth);
            if (extensible)
            {
                header.PutU16(22);
                header.PutU16((ushort)format.BitDepth);
                header.PutU32(channelMask ?? DefaultChannelMask(format.Channels));
                // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format tag followed by the fixed GUID tail (mmreg.h).
                header.PutU16(tag);
                header.Put([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
            }
            else if (format.IsFloat) header.PutU16(0); // cbSize

            if (format.IsFloat)
            {
                header.Put("fact"u8); header.PutU32(4);
                _factSamplesPos = header.Count;
                header.PutU32(0);
            }

            if (bext is not null)
            {
                var body = bext.ToBytes();
                header.Put("bext"u8); header.PutU32((uint)body.Length); header.Put(body);
                if ((body.Length & 1) == 1) header.Put(0);
            }

            header.Put("data"u8);
            _dataSizePos = header.Count;
            header.PutU32(0);
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

    private void WriteU32At(long position, uint value) => HeaderBytes.WriteU32At(Stream, position, value, bigEndian: false);
}
