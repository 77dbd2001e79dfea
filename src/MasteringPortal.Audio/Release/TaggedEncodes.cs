using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// Writes <see cref="ReleaseTags"/> into an encoded delivery file (FLAC, MP3, AAC in M4A) without re-encoding: ffmpeg
/// copies the audio stream (<c>-c copy</c>), drops every old tag, chapter, cover picture and other stream
/// (<c>-map 0:a:0 -map_metadata -1 -map_chapters -1</c>) and writes the new tags. The format comes from the input's
/// extension and the output must keep it. A ".wav" goes to <see cref="WavTagWriter"/> (no ffmpeg needed), so one call
/// tags every deliverable.
/// <para>What each format gets (ffmpeg 5.1's muxers decide what can be stored; docs/ALBUM-RELEASE-FORMATS.md has the table):</para>
/// <list type="bullet">
/// <item>FLAC, Vorbis comments (Xiph's recommended names, and MusicBrainz Picard's where Xiph has none): TITLE, ARTIST,
/// ALBUM, ALBUMARTIST, COMPOSER, DATE (the year), ORGANIZATION (Xiph's name for the label) and LABEL, ISRC, BARCODE
/// (the UPC/EAN), TRACKNUMBER, TRACKTOTAL, DESCRIPTION (the comment: ffmpeg writes a comment under Xiph's name).</item>
/// <item>MP3, ID3v2.4 (no ID3v1): TIT2, TPE1, TALB, TPE2 (album artist), TCOM, TDRC (year), TPUB (label), TSRC (ISRC),
/// TRCK ("3/10"), TXXX:BARCODE (the UPC/EAN, Picard's name), TXXX:comment (ffmpeg 5.1 writes no COMM frame).</item>
/// <item>M4A, iTunes atoms: ©nam, ©ART, ©alb, aART, ©wrt (composer), ©day (year), trkn (3 of 10), ©cmt. ffmpeg writes
/// only the atoms it knows, and has none for ISRC, label or UPC (iTunes keeps those in "----" atoms ffmpeg can't
/// write), so an M4A carries none of them; its "-movflags use_metadata_tags" would keep them only by replacing the
/// iTunes atoms with QuickTime keys that Apple's players don't show as title and artist.</item>
/// </list>
/// The output is written to a hidden ".partial" file beside it and renamed into place when ffmpeg succeeds, so it is
/// never half-written; the input may be the output (re-tagging in place).
/// </summary>
public static class TaggedEncodes
{
    private enum Kind { Wav, Flac, Mp3, M4a }

    /// <summary>
    /// Writes a copy of <paramref name="input"/> carrying <paramref name="tags"/> (and no other tags) as
    /// <paramref name="output"/>. Throws <see cref="ArgumentException"/> for bad tags or an extension other than .wav,
    /// .flac, .mp3, .m4a, and <see cref="AudioFileException"/> (a sentence for a musician) when the file can't be read,
    /// isn't what its extension says, or ffmpeg is missing or fails.
    /// </summary>
    public static void Tag(string input, string output, ReleaseTags tags, AudioTools tools, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(tools);
        var kind = KindOf(input);
        if (KindOf(output) != kind)
            throw new ArgumentException($"The tagged copy of \"{Path.GetFileName(input)}\" must keep its type: \"{Path.GetFileName(output)}\" " +
                "has another extension, and tagging never converts the audio.", nameof(output));
        var t = tags.Normalise();
        if (kind == Kind.Wav)
        {
            WavTagWriter.WriteFile(input, output, t, ct);
            return;
        }

        var name = DisplayName(kind);
        var ffmpeg = tools.FfmpegPath ?? throw new AudioFileException($"Writing the tags into the {name} file needs ffmpeg, which is not installed on the server.");
        CheckContent(input, kind);
        Run(ffmpeg, input, output, kind, t, tools, ct);
    }

    /// <summary>The ffmpeg <c>-metadata</c> keys and values for <paramref name="kind"/>, in the order they are passed.</summary>
    private static List<(string Key, string Value)> Metadata(Kind kind, ReleaseTags t)
    {
        var list = new List<(string, string)>();
        void Add(string key, string? value)
        {
            if (value is not null) list.Add((key, value));
        }
        var track = t.TrackNumber?.ToString(CultureInfo.InvariantCulture);
        switch (kind)
        {
            case Kind.Flac:
                Add("TITLE", t.Title);
                Add("ARTIST", t.Artists);
                Add("ALBUM", t.Album);
                Add("ALBUMARTIST", t.AlbumArtist);
                Add("COMPOSER", t.Composer);
                Add("DATE", t.YearText);
                Add("ORGANIZATION", t.Label);
                Add("LABEL", t.Label);
                Add("ISRC", t.Isrc);
                Add("BARCODE", t.Upc);
                Add("TRACKNUMBER", track);
                Add("TRACKTOTAL", t.TrackNumber is null ? null : t.TrackTotal?.ToString(CultureInfo.InvariantCulture));
                Add("DESCRIPTION", t.Comment);
                break;
            case Kind.Mp3:
                Add("title", t.Title);
                Add("artist", t.Artists);
                Add("album", t.Album);
                Add("album_artist", t.AlbumArtist);
                Add("composer", t.Composer);
                Add("date", t.YearText);
                Add("publisher", t.Label);
                Add("TSRC", t.Isrc); // an ID3 frame id: ffmpeg writes it as that frame
                Add("track", t.TrackText);
                Add("BARCODE", t.Upc); // not an ID3 frame: ffmpeg writes TXXX with this description
                Add("comment", t.Comment);
                break;
            case Kind.M4a:
                Add("title", t.Title);
                Add("artist", t.Artists);
                Add("album", t.Album);
                Add("album_artist", t.AlbumArtist);
                Add("composer", t.Composer);
                Add("date", t.YearText);
                Add("track", t.TrackText);
                Add("comment", t.Comment);
                break;
        }
        return list;
    }

    private static (string Demuxer, string[] Muxer) Formats(Kind kind) => kind switch
    {
        Kind.Flac => ("flac", ["-f", "flac"]),
        Kind.Mp3 => ("mp3", ["-id3v2_version", "4", "-write_id3v1", "0", "-f", "mp3"]),
        // "ipod" is the muxer ffmpeg itself picks for .m4a: brand "M4A ", iTunes-style atoms; faststart puts the index first.
        _ => ("mov", ["-movflags", "+faststart", "-f", "ipod"]),
    };

    private static void Run(string ffmpeg, string input, string output, Kind kind, ReleaseTags tags, AudioTools tools, CancellationToken ct)
    {
        var name = DisplayName(kind);
        var (demuxer, muxer) = Formats(kind);
        // The demuxer is forced: a file that is not what its extension says is refused by ffmpeg, not guessed at.
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", demuxer };
        arguments.AddRange(FfmpegInputs.File(input));
        arguments.AddRange(["-map", "0:a:0", "-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1", .. muxer]);
        foreach (var (key, value) in Metadata(kind, tags)) arguments.AddRange(["-metadata", key + "=" + value]);
        FfmpegToFile.Run(ffmpeg, arguments, output, name, tools, stderr => stderr is null
            ? new AudioFileException($"Writing the tags into this {name} file stopped making progress, so it was stopped: the file is " +
                $"probably damaged. {AudioMessages.ExportAgain}", new TimeoutException("ffmpeg made no progress for " + FfmpegWatchdog.StallAfter))
            : InputProblem(stderr)
                ? FfmpegMessages.DecodeFailed(name, stderr)
                : new AudioFileException($"Writing the tags into the {name} file failed. Please try again; if it keeps failing, contact support.",
                    new InvalidOperationException("ffmpeg: " + stderr)), feed: null, ct);
    }

    /// <summary>ffmpeg's words for an input it could not read (as <see cref="FfmpegMessages.DecodeFailed"/> knows them).</summary>
    private static bool InputProblem(string stderr) =>
        new[]
        {
            "Invalid data found", "could not find codec parameters", "moov atom not found", "does not contain any stream",
            "matches no streams", "not on whitelist", "Cannot allocate memory", "out of memory", "End of file",
        }.Any(p => stderr.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Refuses, before ffmpeg runs, a file that is missing, empty, not audio, or audio of another type than its extension
    /// says (an MP3 renamed .flac). Content we don't recognise is left to ffmpeg.
    /// </summary>
    private static void CheckContent(string input, Kind kind)
    {
        SniffResult sniff;
        using (var stream = WavTagWriter.OpenInput(input))
        {
            var head = new byte[FormatSniffer.HeadBytes];
            var n = 0;
            int got;
            try
            {
                while (n < head.Length && (got = stream.Read(head, n, head.Length - n)) > 0) n += got;
            }
            catch (IOException e)
            {
                throw AudioMessages.ReadFailed(e);
            }
            sniff = FormatSniffer.Sniff(head.AsSpan(0, n));
        }
        var file = Path.GetFileName(input);
        var name = DisplayName(kind);
        switch (sniff.Kind)
        {
            case SniffedKind.Empty:
                throw AudioMessages.Empty();
            case SniffedKind.NotAudio:
                throw new AudioFileException($"\"{file}\" is not an audio file: it looks like {sniff.FormatName}. No tags were written.");
            case SniffedKind.Unknown:
                return;
        }
        var matches = kind switch
        {
            Kind.Flac => sniff.FormatName == "FLAC",
            Kind.Mp3 => sniff.FormatName == "MP3",
            _ => sniff.FormatName is "AAC/M4A" or "QuickTime",
        };
        if (!matches)
            throw new AudioFileException($"\"{file}\" is named as {(name is "MP3" or "M4A" ? "an" : "a")} {name} file but holds {sniff.FormatName} audio. " +
                "Tags go into a file of the type its name says; please export it again with the right extension.");
    }

    private static Kind KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wav" => Kind.Wav,
        ".flac" => Kind.Flac,
        ".mp3" => Kind.Mp3,
        ".m4a" => Kind.M4a,
        _ => throw new ArgumentException($"Tags can be written into .wav, .flac, .mp3 and .m4a files; \"{Path.GetFileName(path)}\" is none of these.", nameof(path)),
    };

    private static string DisplayName(Kind kind) => kind switch
    {
        Kind.Flac => "FLAC",
        Kind.Mp3 => "MP3",
        Kind.M4a => "M4A",
        _ => "WAV",
    };
}
