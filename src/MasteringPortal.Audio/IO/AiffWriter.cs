
namespace MasteringPortal.Audio.IO;

/// <summary>
/// Writes AIFF (big-endian PCM 8/16/24/32-bit) or AIFF-C: float 32/64-bit as `fl32`/`fl64`, and
/// little-endian PCM as `sowt` when asked. The sample rate is stored as an 80-bit extended float
/// (<see cref="Extended80"/>). AIFF sizes are 32-bit: a write that would pass 4 GiB is refused
/// (use <see cref="WavWriter"/>, which switches to RF64).
/// Quantisation is plain rounding with clipping (no dither: see <see cref="AudioFileWriter"/>).
/// </summary>
public sealed class AiffWriter : AudioFileWriter
{
    /// <summary>AIFF-C version 1 timestamp for the FVER chunk (Apple AIFF-C spec).</summary>
    private const uint AifcVersion1 = 0xA2805140;

    private readonly long _framesPos;
    private readonly long _ssndSizePos;
    private readonly long _headerBytes;

    public AiffWriter(string path, PcmWriteFormat format, bool littleEndianSowt = false)
        : base(path, format, SampleLayouts.For(format.BitDepth, format.IsFloat,
            bigEndian: !(littleEndianSowt && !format.IsFloat && format.BitDepth > 8), unsigned8Bit: false))
    {
        try
        {
            // 'sowt' is defined (QuickTime) as 16-bit little-endian; other widths exist in the wild and are
            // read, but not every reader handles them (ffmpeg treats any 'sowt' as 16-bit), so we do not write them.
            if (littleEndianSowt && (format.IsFloat || format.BitDepth != 16))
                throw new ArgumentException("'sowt' AIFF-C is written only for 16-bit PCM.", nameof(littleEndianSowt));
            var compression = format.IsFloat ? (format.BitDepth == 32 ? "fl32" : "fl64") : littleEndianSowt ? "sowt" : null;
            var isAifc = compression is not null;
            var header = new HeaderBytes(bigEndian: true, 96);
            header.Put("FORM"u8); header.PutU32(0); header.Put(isAifc ? "AIFC"u8 : "AIFF"u8);
            if (isAifc) { header.Put("FVER"u8); header.PutU32(4); header.PutU32(AifcVersion1); }

            var name = compression switch
            {
                "fl32" => "32-bit floating point",
                "fl64" => "64-bit floating point",
                "sowt" => "",
                _ => null,
            };
            var nameBytes = name is null ? 0 : 1 + name.Length + ((1 + name.Length) & 1); // Pascal string padded to even
            header.Put("COMM"u8); header.PutU32((uint)(18 + (isAifc ? 4 + nameBytes : 0)));
            header.PutU16((ushort)format.Channels);
            _framesPos = header.Count;
            header.PutU32(0);
            header.PutU16((ushort)format.BitDepth);
            Span<byte> rate = stackalloc byte[Extended80.SizeBytes];
            Extended80.Write(format.SampleRateHz, rate);
            header.Put(rate);
            if (isAifc)
            {
                foreach (var c in compression!) header.Put((byte)c);
                header.Put((byte)name!.Length);
                foreach (var c in name) header.Put((byte)c);
                if (((1 + name.Length) & 1) == 1) header.Put(0);
            }

            header.Put("SSND"u8);
            _ssndSizePos = header.Count;
            header.PutU32(0);
            header.PutU32(0); // offset
            header.PutU32(0); // blockSize
            _headerBytes = header.Count;
            Stream.Write(header.ToArray());
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    protected override void CheckCapacity(long dataBytesAfterWrite)
    {
        if (_headerBytes + dataBytesAfterWrite + 1 > uint.MaxValue)
            throw new InvalidOperationException("An AIFF file cannot hold more than 4 GiB of audio; write WAV (RF64) instead.");
    }

    protected override void FinishHeader()
    {
        var dataBytes = DataBytes;
        if ((dataBytes & 1) == 1) Stream.WriteByte(0); // chunks are padded to even length
        WriteU32At(4, (uint)(Stream.Length - 8));
        WriteU32At(_framesPos, (uint)FramesWritten);
        WriteU32At(_ssndSizePos, (uint)(8 + dataBytes));
    }

    private void WriteU32At(long position, uint value) => HeaderBytes.WriteU32At(Stream, position, value, bigEndian: true);
}
