using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static MasteringPortal.Audio.Release.DdpFormat;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// A DDP image read back: the programme it describes (tracks, index points, ISRCs, UPC/EAN, CD-Text), where its
/// audio is (<see cref="AudioPath"/> from byte <see cref="AudioOffset"/>, <see cref="AudioLength"/> bytes of 16-bit
/// little-endian stereo), its master ID, which checksum file vouched for it, and anything odd that didn't stop
/// the reading (for the engineer to look at).
/// </summary>
public sealed record DdpImage(string Folder, CdProgramme Programme, string AudioPath, long AudioOffset, long AudioLength,
    string? MasterId, string? ChecksumFile, IReadOnlyList<string> Warnings)
{
    /// <summary>The audio file, positioned at the first byte of the programme; read <see cref="AudioLength"/> bytes.</summary>
    public FileStream OpenAudio()
    {
        var stream = new FileStream(AudioPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        stream.Position = AudioOffset;
        return stream;
    }
}

/// <summary>
/// Reads a DDP 2.00 image of an audio CD (the layout <see cref="DdpWriter"/> describes, and the variations other
/// writers use: numbers padded with spaces or zeros, a PQ descriptor with or without index 00 for a segue, one or
/// two lead-out entries, the UPC/EAN in DDPID or the PQ descriptor, a 12-digit UPC-A). First the checksum file
/// (CHECKSUM.MD5, or the *.md5 file other tools write) is checked against every file it lists; then DDPID, DDPMS,
/// the PQ descriptor, the audio file's size and the CD-Text. Whatever is wrong (a missing or damaged file, a
/// truncated record, a field that isn't a number) comes back as an <see cref="AudioFileException"/> with a message
/// for the engineer; the reader never fails with another exception on a malformed image.
/// </summary>
public static class DdpReader
{
    /// <summary>Reads the image in <paramref name="folder"/>; <paramref name="verifyChecksums"/> false skips the MD5 check.</summary>
    public static DdpImage Read(string folder, bool verifyChecksums = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        try
        {
            return ReadImage(Path.GetFullPath(folder), verifyChecksums);
        }
        catch (AudioFileException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioFileException($"The DDP image in {folder} couldn't be read: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new AudioFileException($"The DDP image in {folder} is malformed and couldn't be read ({e.Message}).", e);
        }
    }

    private static DdpImage ReadImage(string folder, bool verifyChecksums)
    {
        if (!Directory.Exists(folder)) throw new AudioFileException($"There is no folder at {folder}.");
        var files = new Folder(folder);
        var warnings = new List<string>();

        string? checksumFile = null;
        if (verifyChecksums) checksumFile = VerifyChecksums(files, warnings);

        var (upcFromId, masterId) = ReadIdentifier(files, warnings);
        var streams = ReadMap(files);

        var audioPath = files.Require(streams.Audio.Name, "DDPMS names {0} as the audio, but there is no such file in the folder.");
        var audioLength = streams.Audio.Length * CdTime.BytesPerFrame;
        var available = new FileInfo(audioPath).Length - streams.Audio.FileOffset;
        if (available < audioLength)
            throw new AudioFileException(string.Create(CultureInfo.InvariantCulture,
                $"{streams.Audio.Name} holds {Math.Max(0, available):N0} bytes of audio, {audioLength - Math.Max(0, available):N0} fewer than the " +
                $"{streams.Audio.Length} sectors ({audioLength:N0} bytes) {MapFile} describes; the file is incomplete (an interrupted copy?)."));
        if (available > audioLength)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{streams.Audio.Name} is {available - audioLength:N0} bytes longer than {MapFile} says; the extra bytes at its end are not part of the disc."));

        var pqBytes = ReadStream(files, streams.Pq, "PQ descriptor");
        var pq = ReadPq(pqBytes, streams.Pq.Name, streams.Audio.Length, warnings);
        if (streams.Audio.Pregap is { } pregap && pq.Tracks.Count > 0 && pregap != pq.Tracks[0].Index1Frame)
            warnings.Add($"DDPMS says the audio starts with {pregap} sectors of pause, but track 1 starts at {CdTime.Msf(pq.Tracks[0].Index1Frame)} in {streams.Pq.Name}.");

        var upc = upcFromId ?? pq.Upc;
        if (upcFromId is not null && pq.Upc is not null && upcFromId.TrimStart('0') != pq.Upc.TrimStart('0'))
            warnings.Add($"DDPID gives the UPC/EAN {upcFromId} but {streams.Pq.Name} gives {pq.Upc}; the one in DDPID is used.");

        var tracks = pq.Tracks;
        CdTextFields? albumText = null;
        if (streams.CdText is { } textStream)
        {
            var content = CdText.Decode(ReadStream(files, textStream, "CD-Text"), textStream.Name);
            albumText = content.Album.IsEmpty ? null : content.Album;
            tracks = tracks.Select(t => t with { Text = content.ForTrack(t.Number) is { IsEmpty: false } text ? text : null }).ToList();
            foreach (var t in tracks)
            {
                var isrc = content.IsrcForTrack(t.Number);
                if (isrc is not null && t.Isrc is not null && isrc != t.Isrc)
                    warnings.Add($"Track {t.Number} has the ISRC {t.Isrc} in {streams.Pq.Name} but {isrc} in the CD-Text; players show the one from the PQ descriptor.");
            }
            if (content.FirstTrack + content.Tracks.Count - 1 > tracks.Count)
                warnings.Add($"The CD-Text describes {content.FirstTrack + content.Tracks.Count - 1} tracks, but the disc has {tracks.Count}.");
        }

        var programme = new CdProgramme(tracks, streams.Audio.Length, upc, albumText);
        return new DdpImage(folder, programme, audioPath, streams.Audio.FileOffset, audioLength, masterId, checksumFile, warnings);
    }

    // --- CHECKSUM.MD5 ----------------------------------------------------------------------------------------

    /// <summary>
    /// Checks every file an MD5 list names (md5sum format "hash *NAME" or "hash  NAME", or BSD "MD5 (NAME) = hash").
    /// Returns the list's name, or null (with a warning) when the image has none.
    /// </summary>
    private static string? VerifyChecksums(Folder files, List<string> warnings)
    {
        var lists = files.Names.Where(n => n.EndsWith(".md5", StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n.Equals(ChecksumFile, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        if (lists.Count == 0)
        {
            warnings.Add("The image has no checksum file (CHECKSUM.MD5), so it can't be checked for damage in transfer.");
            return null;
        }

        var listName = lists[0];
        var entries = new List<(string Name, string Md5)>();
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(files.Path(listName), Encoding.Latin1))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (!TryParseChecksumLine(trimmed, out var name, out var md5))
            {
                warnings.Add($"Line {lineNumber} of {listName} isn't an MD5 checksum line and was skipped.");
                continue;
            }
            if (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
            if (!IsPlainFileName(name))
                throw new AudioFileException($"{listName} names \"{name}\", which is not a file in the image folder; the checksum file is damaged or not for this image.");
            entries.Add((name, md5));
        }
        if (entries.Count == 0)
        {
            warnings.Add($"{listName} lists no MD5 checksums this reader understands, so the image couldn't be checked for damage.");
            return null;
        }

        var missing = new List<string>();
        var damaged = new List<string>();
        foreach (var (name, md5) in entries)
        {
            var path = files.Find(name);
            if (path is null) { missing.Add(name); continue; }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!Convert.ToHexString(MD5.HashData(stream)).Equals(md5, StringComparison.OrdinalIgnoreCase)) damaged.Add(name);
        }

        var listed = new HashSet<string>(entries.Select(e => e.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var core in new[] { IdFile, MapFile })
            if (!listed.Contains(core) && files.Find(core) is not null)
                warnings.Add($"{listName} has no checksum for {core}, so that file couldn't be checked.");

        if (missing.Count > 0 || damaged.Count > 0)
        {
            var parts = new List<string>();
            if (damaged.Count > 0)
                parts.Add($"{Join(damaged)} {(damaged.Count == 1 ? "doesn't" : "don't")} match {(damaged.Count == 1 ? "its checksum" : "their checksums")} in {listName}: " +
                          $"{(damaged.Count == 1 ? "the file has" : "they have")} changed or been damaged since the image was made");
            if (missing.Count > 0)
                parts.Add($"{Join(missing)} {(missing.Count == 1 ? "is" : "are")} listed in {listName} but missing from the folder");
            throw new AudioFileException($"The DDP image is damaged: {string.Join("; ", parts)}. Ask for a fresh copy of the image.");
        }
        return listName;
    }

    private static bool TryParseChecksumLine(string line, out string name, out string md5)
    {
        name = md5 = "";
        // BSD style: MD5 (NAME) = hash
        if (line.StartsWith("MD5 (", StringComparison.OrdinalIgnoreCase))
        {
            var close = line.LastIndexOf(") = ", StringComparison.Ordinal);
            if (close < 5) return false;
            name = line[5..close];
            md5 = line[(close + 4)..].Trim();
            return IsMd5(md5);
        }
        // md5sum style: hash, a space, then " " (text) or "*" (binary), then the name.
        if (line.Length < 34 || !IsMd5(line[..32]) || line[32] != ' ' || line[33] is not (' ' or '*')) return false;
        md5 = line[..32];
        name = line[34..].Trim();
        return name.Length > 0;
    }

    private static bool IsMd5(string text) => text.Length == 32 && text.All(Uri.IsHexDigit);

    // --- DDPID -----------------------------------------------------------------------------------------------

    private static (string? Upc, string? MasterId) ReadIdentifier(Folder files, List<string> warnings)
    {
        var path = files.Require(IdFile, "The folder has no {0} file, so it isn't a complete DDP image.");
        var id = File.ReadAllBytes(path);
        if (id.Length != IdBytes)
            throw new AudioFileException($"{IdFile} is {id.Length} bytes long; it must be exactly {IdBytes}. The file is damaged or cut short.");

        var level = Raw(id, IdLevel);
        if (level.StartsWith("DDP 1.", StringComparison.Ordinal))
            throw new AudioFileException($"This is a {level} image; this reader reads DDP 2.00 images.");
        if (!level.StartsWith("DDP 2.", StringComparison.Ordinal))
            throw new AudioFileException($"{IdFile} starts with \"{level}\" instead of \"{Level}\", so this isn't a DDP 2.00 image (or the file is damaged).");

        var type = Text(id, IdDiscType);
        if (type == "DV") throw new AudioFileException("This DDP image describes a DVD, not an audio CD.");
        if (type is not ("CD" or "")) throw new AudioFileException($"{IdFile} gives the disc type \"{Raw(id, IdDiscType)}\"; an audio CD image has \"CD\".");

        var upc = Text(id, IdUpc);
        string? result = null;
        if (upc.Length > 0)
        {
            if (upc.Length is not (12 or 13) || !upc.All(char.IsAsciiDigit))
                throw new AudioFileException($"{IdFile} gives the UPC/EAN \"{Raw(id, IdUpc)}\", which isn't a 12- or 13-digit barcode number; the file is damaged.");
            if (!ReleaseCodes.TryNormaliseUpcEan(upc, out _, out var problem)) warnings.Add(problem!);
            result = upc;
        }
        var masterId = Text(id, IdMasterId);
        return (result, masterId.Length == 0 ? null : masterId);
    }

    // --- DDPMS -----------------------------------------------------------------------------------------------

    private sealed record MapEntry(string Name, long Length, long FileOffset = 0, long? Pregap = null);

    private sealed record Streams(MapEntry Audio, MapEntry Pq, MapEntry? CdText);

    private static Streams ReadMap(Folder files)
    {
        var map = File.ReadAllBytes(files.Require(MapFile, "The folder has no {0} file, so it isn't a complete DDP image."));
        if (map.Length == 0 || map.Length % MapPacketBytes != 0)
            throw new AudioFileException($"{MapFile} is {map.Length} bytes long, which isn't a whole number of {MapPacketBytes}-byte entries; the file is damaged or cut short.");

        MapEntry? audio = null, pq = null, cdText = null;
        for (var i = 0; i < map.Length / MapPacketBytes; i++)
        {
            var packet = map.AsSpan(i * MapPacketBytes, MapPacketBytes);
            var where = $"Entry {i + 1} of {MapFile}";
            if (Raw(packet, MapValid) != MapMarker)
                throw new AudioFileException($"{where} doesn't start with \"{MapMarker}\"; the file is damaged.");

            var type = Text(packet, MapStreamType);
            var subcode = Text(packet, MapSubcode);
            var mode = Text(packet, MapCdMode);
            var isAudio = type == "D0" && mode == "DA";
            var isPq = type == "S0" && subcode == "PQ DESCR";
            var isText = type == "S0" && subcode == "CDTEXT";
            if (type == "D0" && !isAudio)
                throw new AudioFileException($"{where} describes a data track (CD mode \"{Raw(packet, MapCdMode)}\"); this reader handles audio CDs only.");
            if (!isAudio && !isPq && !isText) continue; // text notes and other streams don't reach an audio CD

            var length = Number(packet, MapLength, where, "length");
            if (length is null or <= 0) throw new AudioFileException($"{where} gives its stream no length; the file is damaged.");
            var name = StreamName(packet, where);

            if (isAudio)
            {
                var storage = Text(packet, MapStorageMode);
                if (storage is not ("" or "0" or "7"))
                    throw new AudioFileException($"{where} stores its audio in source storage mode {Raw(packet, MapStorageMode)}; this reader handles plain 2352-byte audio sectors (mode 7 or 0).");
                if (audio is not null)
                    throw new AudioFileException($"{MapFile} describes more than one audio file; this reader handles images whose audio is in one file.");
                var offset = Number(packet, MapFileOffset, where, "file offset") ?? 0;
                audio = new MapEntry(name, length.Value, offset, Number(packet, MapPregap2, where, "pause length"));
            }
            else if (isPq)
            {
                if (pq is not null) throw new AudioFileException($"{MapFile} lists more than one PQ descriptor; the image is ambiguous.");
                pq = new MapEntry(name, length.Value);
            }
            else
            {
                if (cdText is not null) throw new AudioFileException($"{MapFile} lists more than one CD-Text file; the image is ambiguous.");
                cdText = new MapEntry(name, length.Value);
            }
        }

        if (audio is null)
            throw new AudioFileException($"{MapFile} lists no audio (a D0 stream in CD mode DA), so this isn't the image of an audio CD.");
        if (pq is null)
            throw new AudioFileException($"{MapFile} lists no PQ descriptor (an S0 stream \"PQ DESCR\"); without it the track list is unknown.");
        return new Streams(audio, pq, cdText);
    }

    private static string StreamName(ReadOnlySpan<byte> packet, string where)
    {
        var size = Number(packet, MapNameSize, where, "file name length") ?? MapName.Width;
        if (size is < 1 or > 17) throw new AudioFileException($"{where} gives its file name a length of {size}; the file is damaged.");
        var name = Text(packet, new Field(MapName.Offset, (int)size));
        if (!IsPlainFileName(name))
            throw new AudioFileException($"{where} names the file \"{Raw(packet, MapName)}\", which isn't a plain file name in the image folder; the file is damaged.");
        return name;
    }

    private static byte[] ReadStream(Folder files, MapEntry stream, string what)
    {
        var bytes = File.ReadAllBytes(files.Require(stream.Name, $"{MapFile} names {{0}} as the {what}, but there is no such file in the folder."));
        if (bytes.Length != stream.Length)
            throw new AudioFileException(string.Create(CultureInfo.InvariantCulture,
                $"{stream.Name} is {bytes.Length:N0} bytes long, but {MapFile} says {stream.Length:N0}; the file is damaged or cut short."));
        return bytes;
    }

    // --- PQ descriptor ---------------------------------------------------------------------------------------

    private sealed record Pq(IReadOnlyList<CdTrack> Tracks, string? Upc);

    private static Pq ReadPq(byte[] pq, string name, long audioSectors, List<string> warnings)
    {
        if (pq.Length == 0 || pq.Length % PqPacketBytes != 0)
            throw new AudioFileException($"{name} is {pq.Length} bytes long, which isn't a whole number of {PqPacketBytes}-byte entries; the file is damaged or cut short.");

        var tracks = new List<CdTrack>();
        var points = new List<(int Index, long Frame)>();
        string? isrc = null;
        var current = 0;
        string? upc = null;
        long? leadOut = null;

        void FinishTrack()
        {
            if (current <= 0) return;
            if (!points.Any(p => p.Index == 1))
                throw new AudioFileException($"{name} gives track {current} no index 01 (the point where it starts); the file is damaged.");
            var index1 = points.First(p => p.Index == 1).Frame;
            var index0 = points.Where(p => p.Index == 0).Select(p => (long?)p.Frame).FirstOrDefault() ?? index1;
            var extras = points.Where(p => p.Index >= 2).Select(p => p.Frame).ToList();
            tracks.Add(new CdTrack(current, index0, index1, isrc, null, extras.Count == 0 ? null : extras));
            points.Clear();
            isrc = null;
        }

        for (var i = 0; i < pq.Length / PqPacketBytes; i++)
        {
            var entry = pq.AsSpan(i * PqPacketBytes, PqPacketBytes);
            var where = $"Entry {i + 1} of {name}";
            if (Raw(entry, PqValid) != PqMarker)
                throw new AudioFileException($"{where} doesn't start with \"{PqMarker}\"; the file is damaged.");

            var trackText = Text(entry, PqTrack);
            var index = Number(entry, PqIndex, where, "index number");
            if (index is null or > 99) throw new AudioFileException($"{where} has the index \"{Raw(entry, PqIndex)}\", which isn't 00 to 99; the file is damaged.");
            var frame = Time(entry, where);
            var entryUpc = Text(entry, PqUpc);
            if (entryUpc.Length > 0)
            {
                if (entryUpc.Length is not (12 or 13) || !entryUpc.All(char.IsAsciiDigit))
                    throw new AudioFileException($"{where} gives the UPC/EAN \"{Raw(entry, PqUpc)}\", which isn't a 12- or 13-digit barcode number; the file is damaged.");
                upc ??= entryUpc;
            }

            if (trackText == LeadOutTrack)
            {
                if (leadOut is not null && leadOut != frame)
                    throw new AudioFileException($"{name} gives two different lead-out times, {CdTime.Msf(leadOut.Value)} and {CdTime.Msf(frame)}; the file is damaged.");
                FinishTrack();
                current = -1;
                leadOut = frame;
                continue;
            }
            if (trackText.Length != 2 || !trackText.All(char.IsAsciiDigit))
                throw new AudioFileException($"{where} has the track number \"{Raw(entry, PqTrack)}\", which isn't 00 to 99 or AA (the lead-out); the file is damaged.");
            if (leadOut is not null)
                throw new AudioFileException($"{where} comes after the lead-out (track AA); the entries are out of order.");

            var track = int.Parse(trackText, CultureInfo.InvariantCulture);
            if (track == 0) continue; // the lead-in entry: it carries the UPC/EAN only
            if (track != current)
            {
                if (track != current + 1)
                    throw new AudioFileException($"{where} is for track {track}, but the previous track was {(current == 0 ? "none" : current.ToString(CultureInfo.InvariantCulture))}; tracks must follow each other in order (1, 2, 3, …).");
                FinishTrack();
                current = track;
            }

            if (points.Count > 0 && index <= points[^1].Index)
                throw new AudioFileException($"{where} gives track {track} index {index:00} after index {points[^1].Index:00}; index numbers must rise.");
            if (index >= 2 && (points.Count == 0 || points[^1].Index != index - 1))
                throw new AudioFileException($"{where} gives track {track} index {index:00} without index {index - 1:00} before it; the file is damaged.");
            points.Add(((int)index, frame));

            var entryIsrc = Text(entry, PqIsrc);
            if (entryIsrc.Length > 0 && isrc is null)
            {
                if (ReleaseCodes.TryNormaliseIsrc(entryIsrc, out var normalised, out var problem)) isrc = normalised;
                else
                {
                    warnings.Add($"Track {track} in {name}: {problem}");
                    isrc = Raw(entry, PqIsrc);
                }
            }

            var control = Raw(entry, PqControl);
            if (control.Length > 0 && int.TryParse(control[..1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) && (flags & 1) != 0 && index == 1)
                warnings.Add($"Track {track} is flagged for pre-emphasis in {name}; its audio must be played back with de-emphasis.");
        }

        if (current > 0) FinishTrack();
        if (tracks.Count == 0) throw new AudioFileException($"{name} lists no tracks; the file is damaged.");
        if (leadOut is null) throw new AudioFileException($"{name} has no lead-out entry (track AA), so the end of the disc is unknown; the file is damaged.");
        if (leadOut != audioSectors)
            throw new AudioFileException($"The lead-out in {name} is at {CdTime.Msf(leadOut.Value)}, but the audio is {CdTime.Msf(audioSectors)} long ({MapFile}); " +
                                         "the track list and the audio don't match.");
        return new Pq(tracks, upc);
    }

    /// <summary>The entry's absolute time in frames: hours (blank or 00 on a CD), minutes, seconds 0–59, frames 0–74.</summary>
    private static long Time(ReadOnlySpan<byte> entry, string where)
    {
        var ok = TryNumber(entry, PqHours, out var hours) & TryNumber(entry, PqMinutes, out var minutes)
               & TryNumber(entry, PqSeconds, out var seconds) & TryNumber(entry, PqFrames, out var frames);
        if (!ok || minutes is null || seconds is null || frames is null || seconds > 59 || frames > 74 || hours > 99 || minutes > 99)
        {
            var raw = Encoding.Latin1.GetString(entry.Slice(PqHours.Offset, 8));
            throw new AudioFileException($"{where} has the time \"{new string(raw.Select(c => c is < ' ' or > '~' ? '?' : c).ToArray())}\", " +
                                         "which isn't a valid hours-minutes-seconds-frames time; the file is damaged.");
        }
        return (((hours ?? 0) * 60 + minutes.Value) * 60 + seconds.Value) * CdTime.FramesPerSecond + frames.Value;
    }

    private static long? Number(ReadOnlySpan<byte> record, Field field, string where, string what) =>
        TryNumber(record, field, out var value) ? value
            : throw new AudioFileException($"{where} has the {what} \"{Raw(record, field)}\", which isn't a number; the file is damaged.");

    private static bool IsPlainFileName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Any(c => c is '/' or '\\' or ':' or < ' ' or > '~');

    private static string Join(List<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    /// <summary>The image folder's files by name; DDP names are upper case, but a copy may have changed the case.</summary>
    private sealed class Folder(string root)
    {
        private readonly Dictionary<string, string> _byName = Directory.EnumerateFiles(root)
            .Select(p => (Name: System.IO.Path.GetFileName(p), Path: p))
            .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Name, StringComparer.Ordinal).First().Path, StringComparer.OrdinalIgnoreCase);

        public IEnumerable<string> Names => _byName.Values.Select(System.IO.Path.GetFileName).OfType<string>();

        public string Path(string name) => _byName[name];

        public string? Find(string name) => _byName.TryGetValue(name, out var path) ? path : null;

        public string Require(string name, string messageWithName) =>
            Find(name) ?? throw new AudioFileException(string.Format(CultureInfo.InvariantCulture, messageWithName, name));
    }
}
