using System.Buffers;
using System.Buffers.Binary;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// Writes a tagged copy of a WAV (RIFF/WAVE, and RF64/BW64 of EBU Tech 3306 / ITU-R BS.2088): the same audio bytes
/// with new metadata chunks, in this order:
/// <code>
/// RIFF size WAVE            (RF64/BW64 with a ds64 chunk first when the copy passes 4 GiB)
///   fmt                     the source's, byte for byte
///   fact                    the source's, when it has one (the RIFF spec requires it for float and other non-PCM data)
///   bext                    EBU Tech 3285 v2: Description "ISRC:…", Originator = label; loudness, coding history,
///                           time reference, UMID and origination date kept from the source's bext
///   LIST INFO               INAM IART IPRD IMUS ICRD ITRK ICMT ISFT, UTF-8
///   iXML                    every field, UTF-8 XML
///   axml                    the ISRC as EBU Tech 3352 carries it (only with an ISRC)
///   data                    the source's audio bytes, copied unchanged
/// </code>
/// Every other chunk of the source is dropped: its old bext, LIST-INFO, iXML and axml (replaced), ID3 and XMP chunks
/// (stale tags that players would show instead of ours), markers (cue, LIST-adtl), sampler and tool-private chunks,
/// padding (JUNK, PAD, FLLR), and anything after the audio. A delivered file carries exactly what we wrote.
/// <para>
/// The destination is written front to back and never sought (a ZIP entry stream or an HTTP response will do): the
/// RIFF size is computed from the header chunks and the data size before the first byte goes out. The source is read
/// front to back too after its header: the data chunk is copied in a buffered loop. A seekable source is read from
/// its start, and its chunks after the audio are looked at for a bext chunk to keep; a non-seekable one is read from
/// where it stands and only up to the end of its audio.
/// </para>
/// Refusals are <see cref="AudioFileException"/>s with a sentence for a musician ("This is not a WAV file: it looks like
/// a PNG image …", "This file ends early: …"); bad tags (an invalid ISRC) are an <see cref="ArgumentException"/> thrown
/// before anything is read or written.
/// </summary>
public static class WavTagWriter
{
    private const int CopyBufferBytes = 128 * 1024;

    /// <summary>Writes a tagged copy of the WAV in <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static Task WriteAsync(Stream source, Stream destination, ReleaseTags tags, CancellationToken ct = default) =>
        CoreAsync(source, destination, tags, sync: false, DateTime.UtcNow, uint.MaxValue - 1L, ct);

    /// <summary>The same as <see cref="WriteAsync"/>, blocking: for files and other synchronous streams.</summary>
    public static void Write(Stream source, Stream destination, ReleaseTags tags, CancellationToken ct = default) =>
        Write(source, destination, tags, DateTime.UtcNow, uint.MaxValue - 1L, ct);

    /// <summary>
    /// Writes a tagged copy of the WAV file <paramref name="inputPath"/> as <paramref name="outputPath"/> (the same path
    /// re-tags the file in place). The copy is written to a hidden ".partial" file beside the output and renamed into
    /// place only when complete, so a refusal, a failure or a cancellation never leaves a half-written file under the
    /// output's name.
    /// </summary>
    public static void WriteFile(string inputPath, string outputPath, ReleaseTags tags, CancellationToken ct = default) =>
        WriteFileCoreAsync(inputPath, outputPath, tags, sync: true, ct).GetAwaiter().GetResult();

    /// <summary>The same as <see cref="WriteFile"/>, asynchronous.</summary>
    public static Task WriteFileAsync(string inputPath, string outputPath, ReleaseTags tags, CancellationToken ct = default) =>
        WriteFileCoreAsync(inputPath, outputPath, tags, sync: false, ct);

    /// <summary>
    /// For tests: a fixed clock for a new bext chunk's origination date, and the RIFF size above which the copy is written
    /// as RF64 (normally only past 4 GiB).
    /// </summary>
    internal static void Write(Stream source, Stream destination, ReleaseTags tags, DateTime utcNow, long rf64AboveBytes,
        CancellationToken ct = default) =>
        CoreAsync(source, destination, tags, sync: true, utcNow, rf64AboveBytes, ct).GetAwaiter().GetResult();

    /// <summary>Opens a WAV for reading, or says in plain words why it can't be.</summary>
    internal static FileStream OpenInput(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw AudioMessages.CannotOpen(path, e);
        }
    }

    private static async Task WriteFileCoreAsync(string inputPath, string outputPath, ReleaseTags tags, bool sync, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        tags = tags.Normalise(); // a bad ISRC is refused before any file is opened
        var full = Path.GetFullPath(outputPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        var done = false;
        try
        {
            using (var input = OpenInput(inputPath))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1,
                       sync ? FileOptions.None : FileOptions.Asynchronous))
            {
                await CoreAsync(input, output, tags, sync, DateTime.UtcNow, uint.MaxValue - 1L, ct).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            done = true;
        }
        finally
        {
            if (!done)
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static async Task CoreAsync(Stream source, Stream destination, ReleaseTags tags, bool sync, DateTime utcNow,
        long rf64AboveBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tags);
        if (!source.CanRead) throw new ArgumentException("The source stream must be readable.", nameof(source));
        if (!destination.CanWrite) throw new ArgumentException("The destination stream must be writable.", nameof(destination));
        var t = tags.Normalise();
        ct.ThrowIfCancellationRequested();

        var input = new SourceInput(source, sync, ct);
        var wav = await WavSourceReader.ReadAsync(input, lookAfterData: source.CanSeek).ConfigureAwait(false);
        var header = Header(wav, t, utcNow, rf64AboveBytes);

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            await WriteOut(destination, header, header.Length, sync, ct).ConfigureAwait(false);
            var left = wav.DataBytes;
            while (left > 0)
            {
                ct.ThrowIfCancellationRequested();
                var n = await input.ReadSomeAsync(buffer, (int)Math.Min(buffer.Length, left)).ConfigureAwait(false);
                if (n == 0)
                {
                    // Only a non-seekable source (or a file cut while we read it) gets here: a seekable one was checked.
                    var present = (wav.DataBytes - left) / wav.BlockAlign;
                    throw AudioMessages.EndsEarly(present, wav.DataBytes / wav.BlockAlign, wav.SampleRateHz);
                }
                await WriteOut(destination, buffer, n, sync, ct).ConfigureAwait(false);
                left -= n;
            }
            if ((wav.DataBytes & 1) == 1)
            {
                buffer[0] = 0; // RIFF pads every chunk to an even length
                await WriteOut(destination, buffer, 1, sync, ct).ConfigureAwait(false);
            }
            if (sync) destination.Flush();
            else await destination.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask WriteOut(Stream destination, byte[] bytes, int count, bool sync, CancellationToken ct)
    {
        if (sync) destination.Write(bytes, 0, count);
        else await destination.WriteAsync(bytes.AsMemory(0, count), ct).ConfigureAwait(false);
    }

    /// <summary>Everything before the audio bytes: RIFF (or RF64/BW64 + ds64) head, the chunks, the data chunk's header.</summary>
    private static byte[] Header(WavSource wav, ReleaseTags tags, DateTime utcNow, long rf64AboveBytes)
    {
        var chunks = new List<(string Id, byte[] Body)> { ("fmt ", wav.Fmt) };
        var fact = wav.Fact is { Length: >= 4 } f ? (byte[])f.Clone() : null;
        if (fact is not null) chunks.Add(("fact", fact));
        chunks.Add(("bext", WavTagChunks.Bext(wav.Bext, tags, utcNow).ToBytes()));
        chunks.Add(("LIST", WavTagChunks.InfoList(tags)));
        chunks.Add(("iXML", WavTagChunks.Ixml(tags)));
        if (WavTagChunks.Axml(tags.Isrc) is { } axml) chunks.Add(("axml", axml));

        var data = wav.DataBytes;
        long riffSize = 4 + 8 + data + (data & 1);
        foreach (var (_, body) in chunks) riffSize += 8 + body.Length + (body.Length & 1);
        var wide = riffSize > rf64AboveBytes || data >= uint.MaxValue;
        if (wide) riffSize += 8 + WavSourceReader.Ds64BodyBytes;

        // The fact chunk's sample count: 0xFFFFFFFF in RF64 (the real one is in ds64), otherwise the real one.
        ulong? samples = fact is null ? null : BinaryPrimitives.ReadUInt32LittleEndian(fact);
        if (samples == uint.MaxValue && wav.Ds64SampleCount is { } count) samples = count;
        if (fact is not null) BinaryPrimitives.WriteUInt32LittleEndian(fact, wide ? uint.MaxValue : (uint)Math.Min(samples!.Value, uint.MaxValue - 1UL));

        var header = new HeaderBytes(bigEndian: false, 256 + chunks.Sum(c => c.Body.Length));
        if (wide)
        {
            header.Put(wav.Magic == "BW64" ? "BW64"u8 : "RF64"u8);
            header.PutU32(uint.MaxValue);
            header.Put("WAVE"u8);
            header.Put("ds64"u8);
            header.PutU32(WavSourceReader.Ds64BodyBytes);
            PutU64(header, (ulong)riffSize);
            PutU64(header, (ulong)data);
            PutU64(header, samples ?? (ulong)(data / wav.BlockAlign));
            header.PutU32(0); // no table: only the data chunk needs a 64-bit size
        }
        else
        {
            header.Put("RIFF"u8);
            header.PutU32((uint)riffSize);
            header.Put("WAVE"u8);
        }
        foreach (var (id, body) in chunks)
        {
            header.Put(System.Text.Encoding.ASCII.GetBytes(id));
            header.PutU32((uint)body.Length);
            header.Put(body);
            if ((body.Length & 1) == 1) header.Put(0);
        }
        header.Put("data"u8);
        header.PutU32(wide ? uint.MaxValue : (uint)data);
        return header.ToArray();
    }

    private static void PutU64(HeaderBytes header, ulong value)
    {
        header.PutU32((uint)value);
        header.PutU32((uint)(value >> 32));
    }
}

/// <summary>What the header of a WAV holds, as far as tagging needs it; the audio starts at <see cref="DataStart"/>.</summary>
internal sealed class WavSource
{
    /// <summary>"RIFF", "RF64" or "BW64".</summary>
    public string Magic { get; set; } = "RIFF";
    public byte[] Fmt { get; set; } = [];
    public byte[]? Fact { get; set; }
    public BextChunk? Bext { get; set; }
    /// <summary>The body of the first LIST chunk of type INFO (starting with "INFO").</summary>
    public byte[]? InfoList { get; set; }
    public byte[]? Ixml { get; set; }
    public byte[]? Axml { get; set; }
    public long DataStart { get; set; }
    /// <summary>The audio bytes to copy: the data chunk's size (a trailing partial frame the file lacks left out).</summary>
    public long DataBytes { get; set; }
    public int BlockAlign { get; set; }
    public int SampleRateHz { get; set; }
    public ulong? Ds64SampleCount { get; set; }
}

/// <summary>
/// Reads the chunks of a WAV front to back up to its audio (and, on a seekable stream, past it), keeping the ones tagging
/// needs. The same rules as <see cref="WavParser"/> and the same sentences: a chunk claiming more bytes than the file
/// has before the audio, a missing format or data section, an unfinished recording and audio shorter than declared are
/// refused; damage after the audio is ignored. No buffer is sized from a header value beyond the fixed limits below.
/// </summary>
internal static class WavSourceReader
{
    public const int Ds64BodyBytes = 28;

    /// <summary>The largest LIST-INFO, iXML or axml chunk we read; a larger one is skipped (and dropped).</summary>
    public const int MaxMetadataChunkBytes = 1 << 20;

    private const string Container = "WAV";
    private const int MaxFmtBytes = 64 * 1024;
    private const int MaxFactBytes = 1024;
    private const int MaxDs64TableEntries = 64;

    public static Task<WavSource> ReadAsync(Stream stream, bool sync, bool lookAfterData, CancellationToken ct) =>
        ReadAsync(new SourceInput(stream, sync, ct), lookAfterData);

    /// <summary>Reads the header and leaves <paramref name="input"/> at the first audio byte.</summary>
    public static async Task<WavSource> ReadAsync(SourceInput input, bool lookAfterData)
    {
        if (input.CanSeek) input.SeekTo(0);
        var head = new byte[12];
        var got = await input.ReadAsync(head, 12).ConfigureAwait(false);
        var magic = got >= 4 ? System.Text.Encoding.ASCII.GetString(head, 0, 4) : "";
        var riffLike = magic is "RIFF" or "RF64" or "BW64";
        if (got < 12 || !riffLike || !head.AsSpan(8, 4).SequenceEqual("WAVE"u8)) throw NotWav(head.AsSpan(0, got), riffLike);

        var wav = new WavSource { Magic = magic };
        var is64 = magic != "RIFF";
        var riffSize32 = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4));
        var length = input.CanSeek ? input.Length : long.MaxValue;
        var table = new List<(uint Id, ulong Size)>();
        ulong? ds64Data = null;
        byte[]? fmt = null;
        var chunk = new byte[8];

        for (var count = 0; ; count++)
        {
            if (count > FormatLimits.MaxChunks) throw AudioMessages.Damaged(Container, "its header is a maze of thousands of sections");
            var chunkStart = input.Position;
            got = await input.ReadAsync(chunk, 8).ConfigureAwait(false);
            if (got == 0)
            {
                if (fmt is null) throw AudioMessages.Damaged(Container, "it has neither a format section nor any audio");
                throw AudioMessages.Damaged(Container, "it contains no audio data section");
            }
            if (got < 8) throw AudioMessages.EndsEarlyInHeader(Container);
            var id = chunk.AsSpan(0, 4);
            if (!StreamReading.IsPrintableFourCc(id))
                throw AudioMessages.Damaged(Container, "its header contains unreadable data where a section should start");
            var name = StreamReading.FourCc(id);
            var size32 = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            long size = size32;
            if (is64 && size32 == uint.MaxValue)
            {
                if (ds64Data is null) throw AudioMessages.Damaged(Container, "it is an RF64 file without the ds64 section that gives its sizes");
                if (name == "data") size = Clamp(ds64Data.Value);
                else
                {
                    var key = BinaryPrimitives.ReadUInt32LittleEndian(id);
                    var entry = table.Find(e => e.Id == key);
                    if (entry.Id == 0) throw AudioMessages.Damaged(Container, "an RF64 section has no size in the ds64 table");
                    size = Clamp(entry.Size);
                }
            }
            var bodyStart = input.Position;
            var available = length - bodyStart;

            if (name == "data")
            {
                if (fmt is null) throw AudioMessages.Damaged(Container, "it has no format section, so its audio cannot be interpreted");
                if (!is64 && size32 == uint.MaxValue) throw AudioMessages.Unfinished(Container);
                if (!is64 && size32 == 0 && riffSize32 == 0 && available > 0) throw AudioMessages.Unfinished(Container);
                wav.DataStart = bodyStart;
                wav.DataBytes = size;
                if (size > available)
                {
                    // A missing trailing partial frame holds no whole sample and is tolerated (as by WavParser); less is refused.
                    var declaredFrames = size / wav.BlockAlign;
                    var presentFrames = available / wav.BlockAlign;
                    if (presentFrames < declaredFrames) throw AudioMessages.EndsEarly(presentFrames, declaredFrames, wav.SampleRateHz);
                    wav.DataBytes = declaredFrames * wav.BlockAlign;
                }
                break;
            }

            // A format section cut short is a file that stops inside its header (as WavParser says); any other section
            // longer than the file is a header that lies about its sizes.
            if (name == "fmt " && size >= 16 && size > available) throw AudioMessages.EndsEarlyInHeader(Container);
            if (size > available) throw AudioMessages.Damaged(Container, $"its header section '{name}' claims to be longer than the whole file");
            long read = 0;
            switch (name)
            {
                case "ds64" when is64 && chunkStart == 12:
                {
                    if (size < Ds64BodyBytes) throw AudioMessages.Damaged(Container, "its RF64 size table (ds64) is cut short");
                    var entries = (int)Math.Min(MaxDs64TableEntries, (size - Ds64BodyBytes) / 12);
                    var body = await ReadBody(input, Ds64BodyBytes + 12 * entries).ConfigureAwait(false);
                    read = body.Length;
                    ds64Data = BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(8));
                    wav.Ds64SampleCount = BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(16));
                    var tableLength = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(24));
                    for (var i = 0; i < Math.Min(tableLength, (uint)entries); i++)
                    {
                        var at = body.AsSpan(Ds64BodyBytes + 12 * i);
                        table.Add((BinaryPrimitives.ReadUInt32LittleEndian(at), BinaryPrimitives.ReadUInt64LittleEndian(at[4..])));
                    }
                    break;
                }
                case "fmt ":
                {
                    if (size < 16) throw AudioMessages.Damaged(Container, "its format section is too short");
                    if (size > MaxFmtBytes) throw AudioMessages.Damaged(Container, "its format section is implausibly large");
                    fmt = await ReadBody(input, (int)size).ConfigureAwait(false);
                    read = size;
                    int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                    var rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                    int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(12));
                    FormatLimits.CheckChannelsAndRate(Container, channels, rate);
                    if (blockAlign == 0) throw AudioMessages.Damaged(Container, "its format section gives a frame size of 0 bytes");
                    wav.Fmt = fmt;
                    wav.BlockAlign = blockAlign;
                    wav.SampleRateHz = (int)rate;
                    break;
                }
                case "fact" when wav.Fact is null && size <= MaxFactBytes:
                    wav.Fact = await ReadBody(input, (int)size).ConfigureAwait(false);
                    read = size;
                    break;
                default:
                    read = await Keep(input, wav, name, size).ConfigureAwait(false);
                    break;
            }
            if (!await input.SkipAsync(size - read + (size & 1)).ConfigureAwait(false))
            {
                // Only the pad byte of the last chunk may be missing; then there is no audio section after it.
                if (fmt is null) throw AudioMessages.Damaged(Container, "it has neither a format section nor any audio");
                throw AudioMessages.Damaged(Container, "it contains no audio data section");
            }
        }

        if (lookAfterData && input.CanSeek) await LookAfterData(input, wav, is64, table).ConfigureAwait(false);
        return wav;
    }

    /// <summary>Reads the metadata chunks we keep or read back (bext, LIST-INFO, iXML, axml); returns the bytes consumed.</summary>
    private static async Task<long> Keep(SourceInput input, WavSource wav, string name, long size)
    {
        switch (name)
        {
            case "bext" when wav.Bext is null && size >= BextChunk.FixedSizeBytes:
            {
                var body = await ReadBody(input, (int)Math.Min(size, BextChunk.FixedSizeBytes + BextChunk.MaxCodingHistoryBytes)).ConfigureAwait(false);
                wav.Bext = BextChunk.Parse(body);
                return body.Length;
            }
            case "LIST" when wav.InfoList is null && size is >= 4 and <= MaxMetadataChunkBytes:
            {
                var type = await ReadBody(input, 4).ConfigureAwait(false);
                if (!type.AsSpan().SequenceEqual("INFO"u8)) return 4;
                var rest = await ReadBody(input, (int)size - 4).ConfigureAwait(false);
                wav.InfoList = [.. type, .. rest];
                return size;
            }
            case "iXML" when wav.Ixml is null && size <= MaxMetadataChunkBytes:
                wav.Ixml = await ReadBody(input, (int)size).ConfigureAwait(false);
                return size;
            case "axml" when wav.Axml is null && size <= MaxMetadataChunkBytes:
                wav.Axml = await ReadBody(input, (int)size).ConfigureAwait(false);
                return size;
            default:
                return 0;
        }
    }

    /// <summary>
    /// Chunks after the audio (some editors put bext or LIST-INFO there): read the ones not found before it. Anything
    /// damaged there just ends the look; the audio is complete. Leaves the stream at the first audio byte.
    /// </summary>
    private static async Task LookAfterData(SourceInput input, WavSource wav, bool is64, List<(uint Id, ulong Size)> table)
    {
        var length = input.Length;
        var pos = wav.DataStart + wav.DataBytes + (wav.DataBytes & 1);
        var chunk = new byte[8];
        for (var count = 0; count < FormatLimits.MaxChunks && pos + 8 <= length; count++)
        {
            input.SeekTo(pos);
            if (await input.ReadAsync(chunk, 8).ConfigureAwait(false) < 8 || !StreamReading.IsPrintableFourCc(chunk.AsSpan(0, 4))) break;
            var size32 = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            long size = size32;
            if (is64 && size32 == uint.MaxValue)
            {
                var key = BinaryPrimitives.ReadUInt32LittleEndian(chunk);
                var entry = table.Find(e => e.Id == key);
                if (entry.Id == 0) break;
                size = Clamp(entry.Size);
            }
            if (size > length - pos - 8) break;
            await Keep(input, wav, StreamReading.FourCc(chunk.AsSpan(0, 4)), size).ConfigureAwait(false);
            pos += 8 + size + (size & 1);
        }
        input.SeekTo(wav.DataStart);
    }

    private static async Task<byte[]> ReadBody(SourceInput input, int size)
    {
        var body = new byte[size];
        if (await input.ReadAsync(body, size).ConfigureAwait(false) < size) throw AudioMessages.EndsEarlyInHeader(Container);
        return body;
    }

    private static long Clamp(ulong size) => size > long.MaxValue / 2 ? long.MaxValue / 2 : (long)size;

    /// <summary>A file that is not a WAV, named by what it looks like.</summary>
    private static AudioFileException NotWav(ReadOnlySpan<byte> head, bool riffLike)
    {
        const string only = "Tags can only be written into a WAV file this way.";
        if (head.Length == 0) return AudioMessages.Empty();
        if (riffLike && head.Length < 12) return AudioMessages.EndsEarlyInHeader(Container);
        var sniff = FormatSniffer.Sniff(head);
        return sniff.Kind switch
        {
            SniffedKind.NotAudio => new AudioFileException($"This is not a WAV file: it looks like {sniff.FormatName}. {only}"),
            SniffedKind.Aiff or SniffedKind.Compressed => new AudioFileException($"This is not a WAV file: it is {Article(sniff.FormatName)} {sniff.FormatName} file. {only}"),
            _ => new AudioFileException($"This is not a WAV file: it does not start the way every WAV file does (RIFF … WAVE). {only}"),
        };
    }

    /// <summary>"an MP3", "an AIFF", "a FLAC": by how the name is said.</summary>
    private static string Article(string name) => name == "MP3" || (name.Length > 0 && "AEIOU".Contains(char.ToUpperInvariant(name[0]))) ? "an" : "a";
}

/// <summary>
/// The source stream as the tag writer reads it: front to back, counting the bytes consumed, seeking only when the
/// stream can. With <c>sync</c> every call completes synchronously (the blocking overloads run the same code).
/// </summary>
internal sealed class SourceInput(Stream stream, bool sync, CancellationToken ct)
{
    private byte[]? _skipBuffer;

    /// <summary>Bytes from the start of the WAV (the stream's start when seekable, else where it stood).</summary>
    public long Position { get; private set; }

    public bool CanSeek => stream.CanSeek;

    public long Length => stream.Length;

    public void SeekTo(long position)
    {
        StreamReading.Seek(stream, position);
        Position = position;
    }

    /// <summary>Reads until <paramref name="count"/> bytes are in or the stream ends; returns how many came.</summary>
    public async ValueTask<int> ReadAsync(byte[] buffer, int count)
    {
        var total = 0;
        while (total < count)
        {
            var n = await ReadSomeAsync(buffer, count - total, total).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>One read of at most <paramref name="count"/> bytes; 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadSomeAsync(byte[] buffer, int count, int offset = 0)
    {
        int n;
        try
        {
            n = sync ? stream.Read(buffer, offset, count) : await stream.ReadAsync(buffer.AsMemory(offset, count), ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw AudioMessages.ReadFailed(e);
        }
        Position += n;
        return n;
    }

    /// <summary>Steps over <paramref name="count"/> bytes; false when the stream ends first.</summary>
    public async ValueTask<bool> SkipAsync(long count)
    {
        if (count <= 0) return true;
        if (stream.CanSeek)
        {
            var target = Position + count;
            if (target > stream.Length) return false;
            SeekTo(target);
            return true;
        }
        _skipBuffer ??= new byte[64 * 1024];
        while (count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var n = await ReadSomeAsync(_skipBuffer, (int)Math.Min(_skipBuffer.Length, count)).ConfigureAwait(false);
            if (n == 0) return false;
            count -= n;
        }
        return true;
    }
}
