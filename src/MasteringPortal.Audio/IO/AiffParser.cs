using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Parses AIFF (Apple AIFF 1.3) and AIFF-C (Apple AIFF-C draft, 1991) headers: big-endian chunks padded
/// to even sizes, a COMM chunk with the 80-bit sample rate, and an SSND chunk with offset/blockSize.
/// AIFF-C compression types we stream ourselves: NONE/twos (big-endian PCM), sowt (little-endian PCM),
/// in24/in32, fl32/FL32, fl64/FL64; other codecs (ima4, ulaw, alaw...) go to ffmpeg.
/// Truncated sound data is refused exactly as for WAV (see <see cref="WavParser"/>).
/// </summary>
internal static class AiffParser
{
    private const string Container = "AIFF";

    public static WavParseResult Parse(Stream stream)
    {
        var fileLength = stream.Length;
        Span<byte> head = stackalloc byte[12];
        StreamReading.Seek(stream, 0);
        if (StreamReading.ReadUpTo(stream, head) < 12) throw AudioMessages.EndsEarlyInHeader(Container);
        var isAifc = head[8..12].SequenceEqual("AIFC"u8);

        Comm? comm = null;
        long soundOffset = -1, soundDeclaredBytes = 0;
        Span<byte> commBody = stackalloc byte[22];
        Span<byte> ssnd = stackalloc byte[8];
        var chunks = new ChunkWalk(stream, Container, bigEndian: true, stackalloc byte[8]);
        while (chunks.MoveNext(audioFound: soundOffset >= 0 && comm is not null))
        {
            var id = chunks.Id;
            long size = chunks.DeclaredSize;
            var bodyStart = chunks.BodyStart;
            var bodyAvailable = chunks.BodyAvailable;

            if (id.SequenceEqual("COMM"u8))
            {
                if (size < 18) throw AudioMessages.Damaged(Container, "its format section (COMM) is too short");
                if (bodyAvailable < 18) throw AudioMessages.EndsEarlyInHeader(Container);
                var n = StreamReading.ReadUpTo(stream, commBody[..(int)Math.Min(22, Math.Min(size, bodyAvailable))]);
                comm = ParseComm(commBody[..n], isAifc);
            }
            else if (id.SequenceEqual("SSND"u8))
            {
                if (soundOffset >= 0) break;
                if (size < 8 || bodyAvailable < 8) throw AudioMessages.EndsEarlyInHeader(Container);
                StreamReading.ReadUpTo(stream, ssnd);
                long offset = BinaryPrimitives.ReadUInt32BigEndian(ssnd);
                if (offset > size - 8) throw AudioMessages.Damaged(Container, "its sound data section points outside itself");
                soundOffset = bodyStart + 8 + offset;
                soundDeclaredBytes = size - 8 - offset;
                if (size > bodyAvailable) break; // truncated: judged against COMM below
            }
            // Damage after the sound data start is judged by the length check below.
            if (!chunks.Skip(size, audioFound: soundOffset >= 0)) break;
        }

        if (comm is null) throw AudioMessages.Damaged(Container, "it has no format section (COMM), so its audio cannot be interpreted");
        var c = comm.Value;
        if (c.CompressedCodec is { } codec) return new WavParseResult(null, codec, c.Channels, c.SampleRateHz);

        var blockAlign = c.Layout.BytesPerSample() * c.Channels;
        var declaredFrames = c.Frames;
        if (declaredFrames > 0 && soundOffset < 0)
            throw AudioMessages.Damaged(Container, "it has no sound data section (SSND)");
        var available = soundOffset < 0 ? 0 : Math.Min(soundDeclaredBytes, Math.Max(0, fileLength - soundOffset));
        var presentFrames = Math.Min(declaredFrames, available / blockAlign);
        if (presentFrames < declaredFrames) throw AudioMessages.EndsEarly(presentFrames, declaredFrames, c.SampleRateHz);

        var container = isAifc ? "aifc" : "aiff";
        var format = new AudioFormat(c.SampleRateHz, c.Channels, c.BitDepth, c.Layout.IsFloat() ? SampleEncoding.Float : SampleEncoding.Pcm, container);
        // With no frames declared, an SSND offset past the end of the file is harmless but must not be seeked to
        // (a MemoryStream refuses positions past 2 GiB): the sound data then starts, empty, at the end of the file.
        var dataOffset = Math.Clamp(soundOffset, 0, fileLength);
        return new WavParseResult(new PcmStreamLayout(format, c.Layout, dataOffset, declaredFrames, null, null), null, c.Channels, c.SampleRateHz);
    }

    private readonly record struct Comm(SampleLayout Layout, int Channels, int SampleRateHz, int BitDepth, long Frames, string? CompressedCodec);

    private static Comm ParseComm(ReadOnlySpan<byte> b, bool isAifc)
    {
        if (b.Length < 18) throw AudioMessages.EndsEarlyInHeader(Container);
        int channels = BinaryPrimitives.ReadInt16BigEndian(b);
        long frames = BinaryPrimitives.ReadUInt32BigEndian(b[2..]);
        int bits = BinaryPrimitives.ReadInt16BigEndian(b[6..]);
        var rate = Extended80.Read(b.Slice(8, 10));
        FormatLimits.CheckChannelsAndRate(Container, channels, rate);
        var rateHz = (int)Math.Round(rate);

        var compression = "NONE"u8;
        if (isAifc)
        {
            if (b.Length < 22) throw AudioMessages.Damaged(Container, "its AIFF-C format section has no compression type");
            compression = b.Slice(18, 4);
        }

        SampleLayout layout;
        if (compression.SequenceEqual("NONE"u8) || compression.SequenceEqual("twos"u8) || compression.SequenceEqual("sowt"u8))
        {
            if (bits is < 1 or > 32) throw AudioMessages.Unsupported(Container, $"{bits}-bit samples");
            var containerBits = (bits + 7) / 8 * 8; // AIFF left-justifies odd widths in whole bytes
            var little = compression.SequenceEqual("sowt"u8);
            if (little && containerBits == 8) little = false;
            layout = SampleLayouts.For(containerBits, false, bigEndian: !little, unsigned8Bit: false);
        }
        else if (compression.SequenceEqual("in24"u8)) { layout = SampleLayout.Int24BigEndian; bits = 24; }
        else if (compression.SequenceEqual("in32"u8)) { layout = SampleLayout.Int32BigEndian; bits = 32; }
        else if (compression.SequenceEqual("fl32"u8) || compression.SequenceEqual("FL32"u8)) { layout = SampleLayout.Float32BigEndian; bits = 32; }
        else if (compression.SequenceEqual("fl64"u8) || compression.SequenceEqual("FL64"u8)) { layout = SampleLayout.Float64BigEndian; bits = 64; }
        else return new Comm(default, channels, rateHz, bits, frames, $"AIFF-C with '{StreamReading.FourCc(compression)}' compression");

        return new Comm(layout, channels, rateHz, bits, frames, null);
    }
}
