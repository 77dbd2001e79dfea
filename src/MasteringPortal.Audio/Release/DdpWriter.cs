using System.Security.Cryptography;
using System.Text;
using static MasteringPortal.Audio.Release.DdpFormat;

namespace MasteringPortal.Audio.Release;

/// <summary>One file of a DDP image as written: its name, size and MD5 (lower-case hex).</summary>
public sealed record DdpFile(string Name, long Bytes, string Md5);

/// <summary>What <see cref="DdpWriter.Write"/> made: the image folder and its files in CHECKSUM.MD5 order.</summary>
public sealed record DdpWriteResult(string Folder, IReadOnlyList<DdpFile> Files);

/// <summary>
/// Writes a DDP 2.00 image of an audio CD: the master a replication plant takes (DCA's Disc Description Protocol,
/// "DDP 2.00" level, for a Red Book CD-DA). The folder holds:
/// <list type="table">
/// <item><term>DDPID</term><description>128 bytes: the level "DDP 2.00", the UPC/EAN as the disc's 13-digit media catalogue
/// number, an optional master ID (free text that never reaches the disc), disc type "CD".</description></item>
/// <item><term>DDPMS</term><description>the map stream: one 128-byte packet per stream, naming its file. We write them in the
/// order cue2ddp and HOFA use: CD-Text (S0, subcode "CDTEXT", length in bytes) when there is text, the PQ descriptor
/// (S0, "PQ DESCR", bytes), the audio (D0, CD mode "DA", storage mode 7 = whole 2352-byte sectors, not scrambled,
/// length in sectors, PRE2 = how many sectors of track 1's pause the file starts with).</description></item>
/// <item><term>PQDESCR</term><description>the PQ descriptor, 64 bytes per entry: the lead-in (track 00, index 00,
/// 00:00:00, carrying the UPC/EAN), then per track its index 00 (left out for a segue, whose pause is empty; track 1
/// always has it, at 00:00:00), index 01, 02, … with absolute times from the start of the programme, the ISRC on
/// the track's first entry, control "01" (2-channel audio, no pre-emphasis, copy not permitted, Q mode 1); then
/// the lead-out (track AA, index 01, at the end of the audio) written twice, as every studied writer does.</description></item>
/// <item><term>IMAGE.DAT</term><description>the audio, with no header: the whole programme from 00:00:00 (so it starts with
/// track 1's 2 s pause), 16-bit signed little-endian samples, left then right, 2352 bytes per sector. That is the
/// byte order of a WAV file's data and of a cue/bin "BINARY" image; cue2ddp produces the same image from WAV and
/// from little-endian raw input, and readers play IMAGE.DAT as a BINARY file.</description></item>
/// <item><term>CDTEXT.BIN</term><description>the CD-Text packs (<see cref="CdText"/>), when the programme has text.</description></item>
/// <item><term>CHECKSUM.MD5</term><description>md5sum format ("&lt;32 hex digits&gt; *NAME", LF line ends), one line per file
/// above in the order DDPID, DDPMS, CDTEXT.BIN, PQDESCR, IMAGE.DAT. Not part of DDP; plants and DDP players
/// (ddpinfo, HOFA, Sonoris) check it.</description></item>
/// </list>
/// The image is written into a hidden folder beside the destination and renamed into place at the end, so there
/// is never half an image under the final name; a programme that breaks the Red Book rules (<see cref="RedBook"/>)
/// or has CD-Text that can't be encoded is refused before anything is written.
/// </summary>
public static class DdpWriter
{
    /// <summary>The longest master ID DDPID has room for.</summary>
    public const int MaximumMasterIdLength = 48;

    /// <summary>The image's audio file: the programme's 16-bit little-endian samples, as a CD WAV's data chunk holds them.</summary>
    public const string ImageFileName = DdpFormat.ImageFile;

    /// <summary>The checksum file, written last: the MD5 of every other file of the image.</summary>
    public const string ChecksumFileName = DdpFormat.ChecksumFile;

    private const int CopySectors = 32;

    /// <summary>
    /// Writes the DDP image of <paramref name="programme"/> into the new folder <paramref name="folder"/>, reading
    /// exactly <see cref="CdProgramme.LengthBytes"/> bytes of 16-bit little-endian interleaved stereo PCM (a 44.1 kHz
    /// WAV's data chunk) from <paramref name="pcm16LittleEndian"/>. Throws <see cref="CdProgrammeException"/> for a
    /// programme that can't go onto a CD, <see cref="AudioFileException"/> when the audio is shorter or longer than the
    /// programme, and <see cref="IOException"/> when the folder already exists.
    /// </summary>
    public static DdpWriteResult Write(string folder, CdProgramme programme, Stream pcm16LittleEndian, string? masterId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(pcm16LittleEndian);

        var problems = RedBook.Check(programme).Concat(CdText.Check(programme)).ToList();
        if (masterId is { Length: > 0 } && (masterId.Length > MaximumMasterIdLength || masterId.Any(c => c is < ' ' or > '~')))
            problems.Add($"The master ID \"{masterId}\" must be at most {MaximumMasterIdLength} plain ASCII characters (letters, digits, punctuation).");
        if (programme.Tracks.Count > 0 && programme.Tracks[0].Index1Frame > 9999)
            problems.Add($"Track 1 starts at {CdTime.Msf(programme.Tracks[0].Index1Frame)}; a DDP image can describe a pause of at most 9999 frames (02:13:24) before the first track.");
        if (problems.Count > 0) throw new CdProgrammeException(problems);

        var target = Path.GetFullPath(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (Directory.Exists(target) || File.Exists(target))
            throw new IOException($"{target} already exists. A DDP image is written into a new folder, so an old image is never mixed " +
                                  "with a new one: choose another name or remove the old image first.");
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"{target} has no parent folder to write into.");
        Directory.CreateDirectory(parent);

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var image = CopyAudio(Path.Combine(staging, ImageFile), programme, pcm16LittleEndian, cancellationToken);
            var cdText = CdText.Encode(programme);
            var pq = PqDescriptor(programme);
            var map = MapStream(programme, cdText.Length, pq.Length);
            var id = Identifier(programme, masterId);

            var files = new List<DdpFile>
            {
                Save(staging, IdFile, id),
                Save(staging, MapFile, map),
            };
            if (cdText.Length > 0) files.Add(Save(staging, CdTextFile, cdText));
            files.Add(Save(staging, PqFile, pq));
            files.Add(image);

            var checksums = new StringBuilder();
            foreach (var f in files) checksums.Append(f.Md5).Append(" *").Append(f.Name).Append('\n');
            SaveRaw(Path.Combine(staging, ChecksumFile), Encoding.ASCII.GetBytes(checksums.ToString()));

            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(staging, target);
            return new DdpWriteResult(target, files);
        }
        catch
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The 128-byte DDPID record.</summary>
    internal static byte[] Identifier(CdProgramme programme, string? masterId)
    {
        var id = Blank(IdBytes);
        PutText(id, IdLevel, Level);
        if (!string.IsNullOrWhiteSpace(programme.UpcEan)) PutText(id, IdUpc, ReleaseCodes.ToCatalogueNumber(programme.UpcEan));
        if (!string.IsNullOrEmpty(masterId)) PutText(id, IdMasterId, masterId);
        PutText(id, IdDiscType, "CD");
        return id;
    }

    /// <summary>The DDPMS map packets: CD-Text (when present), PQ descriptor, audio.</summary>
    internal static byte[] MapStream(CdProgramme programme, int cdTextBytes, int pqBytes)
    {
        var packets = new List<byte[]>();
        if (cdTextBytes > 0)
        {
            var text = MapPacket("S0", cdTextBytes, CdTextFile);
            PutText(text, MapSubcode, "CDTEXT");
            PutText(text, MapTrack, "00");
            packets.Add(text);
        }

        var pq = MapPacket("S0", pqBytes, PqFile);
        PutText(pq, MapSubcode, "PQ DESCR");
        packets.Add(pq);

        var audio = MapPacket("D0", programme.LengthFrames, ImageFile);
        PutText(audio, MapCdMode, "DA");
        PutText(audio, MapStorageMode, "7");
        PutText(audio, MapScrambled, "0");
        PutNumber(audio, MapPregap2, programme.Tracks[0].Index1Frame);
        packets.Add(audio);

        return packets.SelectMany(p => p).ToArray();
    }

    private static byte[] MapPacket(string streamType, long length, string fileName)
    {
        var packet = Blank(MapPacketBytes);
        PutText(packet, MapValid, MapMarker);
        PutText(packet, MapStreamType, streamType);
        PutNumber(packet, MapLength, length);
        PutNumber(packet, MapNameSize, MapName.Width);
        PutText(packet, MapName, fileName);
        return packet;
    }

    /// <summary>The PQ descriptor entries, in disc order.</summary>
    internal static byte[] PqDescriptor(CdProgramme programme)
    {
        var entries = new List<byte[]>();
        var upc = string.IsNullOrWhiteSpace(programme.UpcEan) ? null : ReleaseCodes.ToCatalogueNumber(programme.UpcEan);
        entries.Add(PqEntry(LeadInTrack, 0, 0, isrc: null, upc));

        foreach (var t in programme.Tracks)
        {
            var number = t.Number.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var isrc = string.IsNullOrWhiteSpace(t.Isrc) ? null : ReleaseCodes.NormaliseIsrc(t.Isrc);
            var points = new List<(int Index, long Frame)>();
            // A pause of no length (a segue) has no index 00 on the disc; track 1's is the disc's opening pause.
            if (t.Index0Frame < t.Index1Frame || t.Number == 1) points.Add((0, t.Index0Frame));
            points.Add((1, t.Index1Frame));
            points.AddRange(t.ExtraIndexes.Select((frame, k) => (k + 2, frame)));
            for (var p = 0; p < points.Count; p++)
                entries.Add(PqEntry(number, points[p].Index, points[p].Frame, p == 0 ? isrc : null, upc: null));
        }

        var leadOut = PqEntry(LeadOutTrack, 1, programme.LengthFrames, isrc: null, upc: null);
        entries.Add(leadOut);
        entries.Add(leadOut);
        return entries.SelectMany(e => e).ToArray();
    }

    private static byte[] PqEntry(string track, int index, long frame, string? isrc, string? upc)
    {
        var entry = Blank(PqPacketBytes);
        PutText(entry, PqValid, PqMarker);
        PutText(entry, PqTrack, track);
        PutNumber(entry, PqIndex, index);
        PutNumber(entry, PqHours, 0);
        PutNumber(entry, PqMinutes, frame / (60 * CdTime.FramesPerSecond));
        PutNumber(entry, PqSeconds, frame / CdTime.FramesPerSecond % 60);
        PutNumber(entry, PqFrames, frame % CdTime.FramesPerSecond);
        PutText(entry, PqControl, "01");
        if (isrc is not null) PutText(entry, PqIsrc, isrc);
        if (upc is not null) PutText(entry, PqUpc, upc);
        return entry;
    }

    /// <summary>Copies the programme's PCM into IMAGE.DAT unchanged (both are little-endian), hashing on the way.</summary>
    private static DdpFile CopyAudio(string path, CdProgramme programme, Stream pcm, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[CopySectors * CdTime.BytesPerFrame];
        var total = programme.LengthBytes;
        long written = 0;
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            while (written < total)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var want = (int)Math.Min(buffer.Length, total - written);
                var got = pcm.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
                if (got > 0)
                {
                    output.Write(buffer, 0, got);
                    md5.AppendData(buffer, 0, got);
                    written += got;
                }
                if (got < want)
                    throw new AudioFileException($"The audio ends after {Describe(written)}, but the programme is {CdTime.Msf(programme.LengthFrames)} long; " +
                                                 "the audio and the track list don't match.");
            }
            if (pcm.Read(buffer, 0, 1) > 0)
                throw new AudioFileException($"The audio is longer than the programme ({CdTime.Msf(programme.LengthFrames)}); the audio and the track list don't match.");
            output.Flush(flushToDisk: true);
        }
        return new DdpFile(ImageFile, total, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    private static string Describe(long bytes) =>
        bytes % CdTime.BytesPerFrame == 0 ? CdTime.Msf(bytes / CdTime.BytesPerFrame) : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    private static DdpFile Save(string folder, string name, byte[] bytes)
    {
        SaveRaw(Path.Combine(folder, name), bytes);
        return new DdpFile(name, bytes.Length, Convert.ToHexStringLower(MD5.HashData(bytes)));
    }

    private static void SaveRaw(string path, byte[] bytes)
    {
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        output.Write(bytes);
        output.Flush(flushToDisk: true);
    }
}
