using System.Text.Json;
using System.Text.Json.Serialization;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Core.Domain;

/// <summary>
/// One track as an album assembly used it (<see cref="AlbumSequence"/>): which revision's master (by file and content
/// hash), how it sits on the album, and the codes written to the CD.
/// </summary>
/// <param name="GainDb">The level change applied at assembly (album balance that needed a cut; 0 otherwise).</param>
public sealed record AlbumSequenceTrack(
    Guid TrackId, string Title, Guid RevisionId, int RevisionNumber, Guid MasterFileId, string MasterSha256,
    double PauseBeforeSeconds, double CrossfadeSeconds, FadeCurve CrossfadeCurve,
    double FadeInSeconds, double FadeOutSeconds, FadeCurve FadeOutCurve,
    double TrimStartSeconds, double TrimEndSeconds, double GainDb,
    string? Isrc = null, string Artists = "", string Composer = "")
{
    /// <summary>The placement the audio engine lays out (its length is read from the master).</summary>
    public AlbumTrackPlan Plan() => new(0, PauseBeforeSeconds, CrossfadeSeconds, CrossfadeCurve, FadeInSeconds, FadeOutCurve: FadeOutCurve,
        FadeOutSeconds: FadeOutSeconds, TrimStartSeconds: TrimStartSeconds, TrimEndSeconds: TrimEndSeconds, GainDb: GainDb);
}

/// <summary>
/// What an <see cref="AlbumAssembly"/> was made from, frozen when the engineer asked for it: the tracks in running order
/// with their masters and placement, whether it was laid out for a CD, the release's title, artist and UPC/EAN, and notes
/// for the engineer found when it was frozen (album balance a master could not give).
/// </summary>
public sealed record AlbumSequence(IReadOnlyList<AlbumSequenceTrack> Tracks, bool ForCd, string Title, string Artist, string? UpcEan,
    IReadOnlyList<string>? Notes = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The sequence, or null for a document this version cannot read.</summary>
    public static AlbumSequence? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<AlbumSequence>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where one track landed in an assembled album, in seconds of the programme.</summary>
/// <param name="TrimStartSeconds">How much of the master's start was left out: the programme's <see cref="StartSeconds"/> is this moment of the master.</param>
public sealed record AlbumReportTrack(Guid TrackId, int Number, string Title, double PauseStartSeconds, double StartSeconds, double EndSeconds,
    double CrossfadeInSeconds, double GainDb, double TrimStartSeconds);

/// <summary>
/// What an album assembly produced (<see cref="AlbumAssembly.ReportJson"/>): the programme's rate and length, every
/// track's place, the CD's table of contents and the Red Book check's findings for a CD layout, notes for the engineer
/// (album balance that needs a new render), and the engine version.
/// </summary>
/// <param name="CdFiles">For a CD layout that passed the Red Book check: the DDP image's small files and the CUE sheet,
/// made and read back when the album was assembled (<see cref="AlbumCdFiles"/>).</param>
public sealed record AlbumReport(int SampleRateHz, double LengthSeconds, IReadOnlyList<AlbumReportTrack> Tracks,
    CdProgramme? Cd, IReadOnlyList<string> RedBookProblems, IReadOnlyList<string> Notes, string EngineVersion,
    AlbumCdFiles? CdFiles = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, AlbumSequence.Json);

    public static AlbumReport? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<AlbumReport>(json, AlbumSequence.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The track playing at <paramref name="seconds"/> of the programme and the moment of its master (the later track in a
    /// crossfade; in a pause, the start of the track it leads into); null past the end.
    /// </summary>
    public (AlbumReportTrack Track, double Seconds)? TrackAt(double seconds)
    {
        AlbumReportTrack? found = null;
        foreach (var track in Tracks)
            if (seconds >= track.StartSeconds && seconds < track.EndSeconds) found = track;
        if (found is null)
        {
            // In a pause: the track the pause leads into.
            found = Tracks.FirstOrDefault(t => seconds >= t.PauseStartSeconds && seconds < t.StartSeconds);
            return found is null ? null : (found, found.TrimStartSeconds);
        }
        return (found, seconds - found.StartSeconds + found.TrimStartSeconds);
    }
}

/// <summary>
/// The CD deliverables of an assembly, apart from the audio. A DDP image's IMAGE.DAT holds exactly the CD WAV's sample
/// data (16-bit little-endian stereo at 44.1 kHz), so the delivery streams it from the stored CD WAV and keeps here only
/// the image's other files (DDPID, DDPMS, CDTEXT.BIN when there is CD-Text, PQDESCR, CHECKSUM.MD5) and the CUE sheet that goes
/// beside the CD WAV. The assembly wrote the whole image once and read it back with our reader, checksums included.
/// </summary>
/// <param name="CueAudioName">The name the CUE sheet gives the CD WAV: the delivery names the WAV so.</param>
public sealed record AlbumCdFiles(IReadOnlyList<AlbumCdFile> Ddp, long ImageBytes, string ImageMd5, string CueSheet, string CueAudioName);

/// <summary>One small file of a DDP image (its bytes are stored base64 in the report's JSON).</summary>
public sealed record AlbumCdFile(string Name, byte[] Bytes);
