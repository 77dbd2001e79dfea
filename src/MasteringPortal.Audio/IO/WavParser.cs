using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Parses the chunk structure of RIFF/WAVE, RF64 and BW64 files (EBU Tech 3306 / ITU-R BS.2088 for
/// the 64-bit forms). Reads only bounded amounts of each chunk, walks chunks with their odd-size pad
/// byte, and refuses damaged headers with an <see cref="AudioFileException"/>.
/// </summary>
/// <remarks>
/// Decisions documented here:
/// - A data chunk shorter than declared (the file was cut) is refused with "This file ends early",
///   never analysed in part. A missing trailing partial frame is tolerated (it holds no whole sample).
/// - A data size of 0xFFFFFFFF in a plain RIFF file (a recorder that never finalised its header) is
///   refused: its real length is unknown.
/// - Damage after the data chunk (trailing garbage, a metadata chunk running past the end) is ignored:
///   the audio itself is complete.
/// - Formats other than PCM/float (ADPCM, A-law, MP3-in-WAV...) are reported through
///   <see cref="WavParseResult.CompressedCodec"/> so the caller can hand them to ffmpeg.
/// </remarks>
internal static class WavParser
{
    private const string Container = "WAV";
    private const ushort FormatPcm = 0x0001;
    private const ushort FormatIeeeFloat = 0x0003;
    private const ushort FormatExtensible = 0xFFFE;
    private const int MaxDs64TableEntries = 64;

    // KSDATAFORMAT_SUBTYPE_* GUIDs share bytes 2..15 with this base (mmreg.h); bytes 0..1 carry the format tag.
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static WavParseResult Parse(Stream stream)
    {
        var fileLength = stream.Length;
        Span<byte> head = stackalloc byte[12];
        StreamReading.Seek(stream, 0);
        if (StreamReading.ReadUpTo(stream, head) < 12) throw AudioMessages.EndsEarlyInHeader(Container);
        var is64 = head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8);
        var container = is64 ? "rf64" : "wav";
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);

        Fmt? fmt = null;
        BextChunk? bext = null;
        long dataOffset = -1, dataDeclaredBytes = 0;
        ulong ds64DataSize = 0;
        bool haveDs64 = false;
        var ds64Table = new List<(uint Id, ulong Size)>();

        Span<byte> ds = stackalloc byte[28];
        Span<byte> entry = stackalloc byte[12];
        Span<byte> fmtBody = stackalloc byte[40];
        var chunks = new ChunkWalk(stream, Container, bigEndian: false, stackalloc byte[8]);
        while (chunks.MoveNext(audioFound: dataOffset >= 0))
        {
            var id = chunks.Id;
            var size32 = chunks.DeclaredSize;
            long size = size32;
            if (is64 && size32 == 0xFFFFFFFF)
            {
                if (!haveDs64) throw AudioMessages.Damaged(Container, "it is an RF64 file without the ds64 section that gives its sizes");
                if (id.SequenceEqual("data"u8)) size = ClampSize(ds64DataSize);
                else
                {
                    var key = BinaryPrimitives.ReadUInt32LittleEndian(id);
                    var tableEntry = ds64Table.Find(e => e.Id == key);
                    if (tableEntry.Id == 0) throw AudioMessages.Damaged(Container, "an RF64 section has no size in the ds64 table");
                    size = ClampSize(tableEntry.Size);
                }
            }

            var bodyStart = chunks.BodyStart;
            var bodyAvailable = chunks.BodyAvailable;

            if (id.SequenceEqual("ds64"u8))
            {
                if (!is64 || bodyStart != 20) { /* a ds64 outside RF64, or not first, is meaningless: skip it */ }
                else
                {
                    if (size < 28 || bodyAvailable < 28) throw AudioMessages.Damaged(Container, "its RF64 size table (ds64) is cut short");
                    StreamReading.ReadUpTo(stream, ds);
                    ds64DataSize = BinaryPrimitives.ReadUInt64LittleEndian(ds[8..]);
                    var tableLength = BinaryPrimitives.ReadUInt32LittleEndian(ds[24..]);
                    var entries = (int)Math.Min(Math.Min(tableLength, MaxDs64TableEntries), Math.Max(0, (Math.Min(size, bodyAvailable) - 28) / 12));
                    for (var i = 0; i < entries; i++)
                    {
                        if (StreamReading.ReadUpTo(stream, entry) < 12) break;
                        ds64Table.Add((BinaryPrimitives.ReadUInt32LittleEndian(entry), BinaryPrimitives.ReadUInt64LittleEndian(entry[4..])));
                    }
                    haveDs64 = true;
                }
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw AudioMessages.Damaged(Container, "its format section is too short");
                if (bodyAvailable < 16) throw AudioMessages.EndsEarlyInHeader(Container);
                var n = StreamReading.ReadUpTo(stream, fmtBody[..(int)Math.Min(40, size)]);
                fmt = ParseFmt(fmtBody[..n]);
            }
            else if (id.SequenceEqual("bext"u8))
            {
                var want = (int)Math.Min(size, BextChunk.FixedSizeBytes + BextChunk.MaxCodingHistoryBytes);
                if (want >= BextChunk.FixedSizeBytes && bodyAvailable >= BextChunk.FixedSizeBytes)
                {
                    var body = new byte[(int)Math.Min(want, bodyAvailable)];
                    var n = StreamReading.ReadUpTo(stream, body);
                    if (n >= BextChunk.FixedSizeBytes) bext = BextChunk.Parse(body.AsSpan(0, n));
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (dataOffset >= 0) break; // a second data chunk: only the first one is the audio
                if (!is64 && size32 == 0xFFFFFFFF) throw AudioMessages.Unfinished(Container);
                if (!is64 && size32 == 0 && riffSize == 0 && bodyAvailable > 0) throw AudioMessages.Unfinished(Container);
                dataOffset = bodyStart;
                dataDeclaredBytes = size;
                if (size > bodyAvailable) break; // truncated: nothing after it can be trusted; judged below
            }
            if (!chunks.Skip(size, audioFound: dataOffset >= 0)) break;
        }

        if (fmt is null)
        {
            if (dataOffset < 0) throw AudioMessages.Damaged(Container, "it has neither a format section nor any audio");
            throw AudioMessages.Damaged(Container, "it has no format section, so its audio cannot be interpreted");
        }
        if (dataOffset < 0) throw AudioMessages.Damaged(Container, "it contains no audio data section");

        var f = fmt.Value;
        if (f.CompressedCodec is { } codec) return new WavParseResult(null, codec, f.Channels, f.SampleRateHz);

        var blockAlign = f.Layout.BytesPerSample() * f.Channels;
        var declaredFrames = dataDeclaredBytes / blockAlign;
        var presentFrames = Math.Min(dataDeclaredBytes, Math.Max(0, fileLength - dataOffset)) / blockAlign;
        if (presentFrames < declaredFrames) throw AudioMessages.EndsEarly(presentFrames, declaredFrames, f.SampleRateHz);

        var format = new AudioFormat(f.SampleRateHz, f.Channels, f.BitDepth, f.Layout.IsFloat() ? SampleEncoding.Float : SampleEncoding.Pcm, container);
        return new WavParseResult(new PcmStreamLayout(format, f.Layout, dataOffset, declaredFrames, bext, f.ChannelMask), null, f.Channels, f.SampleRateHz);
    }

    private static long ClampSize(ulong size) => size > long.MaxValue / 2 ? long.MaxValue / 2 : (long)size;

    private readonly record struct Fmt(SampleLayout Layout, int Channels, int SampleRateHz, int BitDepth, uint? ChannelMask, string? CompressedCodec);

    private static Fmt ParseFmt(ReadOnlySpan<byte> b)
    {
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(b);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
        FormatLimits.CheckChannelsAndRate(Container, channels, rate);

        uint? mask = null;
        var validBits = bits;
        if (tag == FormatExtensible)
        {
            if (b.Length < 40) throw AudioMessages.Damaged(Container, "its extended format section is too short");
            int valid = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
            mask = BinaryPrimitives.ReadUInt32LittleEndian(b[20..]);
            var guid = b.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatGuidTail))
                throw AudioMessages.Unsupported(Container, "an unknown sample format");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
            if (valid != 0) validBits = valid;
        }

        if (tag is not (FormatPcm or FormatIeeeFloat))
            return new Fmt(default, channels, (int)rate, bits, mask, CodecName(tag));

        // The container width comes from blockAlign (20-bit audio sits in 3-byte containers, 24-bit in 4 with EXTENSIBLE).
        var containerBits = bits;
        if (blockAlign > 0 && blockAlign % channels == 0 && blockAlign / channels * 8 >= bits) containerBits = blockAlign / channels * 8;
        else if (bits % 8 != 0) containerBits = (bits + 7) / 8 * 8;
        var isFloat = tag == FormatIeeeFloat;
        var supported = isFloat ? containerBits is 32 or 64 : containerBits is 8 or 16 or 24 or 32;
        if (!supported || bits == 0)
            throw AudioMessages.Unsupported(Container, isFloat ? $"{bits}-bit floating point" : $"{bits}-bit samples");
        if (validBits <= 0 || validBits > containerBits) validBits = containerBits;
        var layout = SampleLayouts.For(containerBits, isFloat, bigEndian: false, unsigned8Bit: true);
        return new Fmt(layout, channels, (int)rate, validBits, mask, null);
    }

    private static string CodecName(ushort tag) => tag switch
    {
        0x0002 => "MS ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0050 or 0x0055 => "MP3",
        0x00FF or 0x1610 => "AAC",
        0xF1AC => "FLAC",
        _ => $"an unusual codec (format 0x{tag:X4})",
    };
}

/// <summary>Either a layout we can stream ourselves, or the name of a codec that needs ffmpeg.</summary>
internal sealed record WavParseResult(PcmStreamLayout? Layout, string? CompressedCodec, int Channels, int SampleRateHz);
