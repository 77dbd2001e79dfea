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
/// <param name="IndexSeconds">Index points 02, 03, … in seconds from the track's start after the trim (null: none).</param>
public sealed record AlbumSequenceTrack(
    Guid TrackId, string Title, Guid RevisionId, int RevisionNumber, Guid MasterFileId, string MasterSha256,
    double PauseBeforeSeconds, double CrossfadeSeconds, FadeCurve CrossfadeCurve,
    double FadeInSeconds, double FadeOutSeconds, FadeCurve FadeOutCurve,
    double TrimStartSeconds, double TrimEndSeconds, double GainDb,
    string? Isrc = null, string Artists = "", string Composer = "", IReadOnlyList<double>? IndexSeconds = null)
{
    /// <summary>The placement the audio engine lays out (its length is read from the master).</summary>
    public AlbumTrackPlan Plan() => new(0, PauseBeforeSeconds, CrossfadeSeconds, CrossfadeCurve, FadeInSeconds, FadeOutCurve: FadeOutCurve,
        FadeOutSeconds: FadeOutSeconds, TrimStartSeconds: TrimStartSeconds, TrimEndSeconds: TrimEndSeconds, GainDb: GainDb,
        IndexSeconds: IndexSeconds is { Count: > 0 } ? IndexSeconds : null);
}

/// <summary>
/// What an <see cref="AlbumAssembly"/> was made from, frozen when the engineer asked for it: the tracks in running order
/// with their masters and placement, whether it was laid out for a CD, the release's title, artist and UPC/EAN, and notes
/// for the engineer found when it was frozen (album balance a master could not give).
/// </summary>
/// <param name="Vinyl">When the engineer asked for vinyl sides with the assembly: the record and how to split it; null: none.</param>
public sealed record AlbumSequence(IReadOnlyList<AlbumSequenceTrack> Tracks, bool ForCd, string Title, string Artist, string? UpcEan,
    IReadOnlyList<string>? Notes = null, AlbumVinylRequest? Vinyl = null)
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
/// <param name="Vinyl">The vinyl sides made with the assembly, when they were asked for (<see cref="AlbumVinylReport"/>).</param>
public sealed record AlbumReport(int SampleRateHz, double LengthSeconds, IReadOnlyList<AlbumReportTrack> Tracks,
    CdProgramme? Cd, IReadOnlyList<string> RedBookProblems, IReadOnlyList<string> Notes, string EngineVersion,
    AlbumCdFiles? CdFiles = null, AlbumVinylReport? Vinyl = null)
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

/// <summary>
/// Vinyl sides asked for with an assembly (docs/ALBUM.md, "Vinyl"): the record, where side A ends (null: the sides are
/// balanced), and the frequency below which the bass is put in mono (0: left in stereo).
/// </summary>
public sealed record AlbumVinylRequest(VinylFormat Format, int? SideABreakAfter = null, double MonoBassBelowHz = VinylPremaster.DefaultMonoBassHz)
{
    /// <summary>What is wrong with the request for an album of <paramref name="trackCount"/> tracks, in words; null when nothing.</summary>
    public string? Problem(int trackCount)
    {
        if (!Enum.IsDefined(Format)) return "Choose the record the album is cut to.";
        if (SideABreakAfter is { } after && (after < 1 || after >= trackCount))
            return $"Side A must end after one of tracks 1 to {trackCount - 1}, so that side B has a track too.";
        if (MonoBassBelowHz != 0 && !(MonoBassBelowHz is >= VinylMonoBass.MinHz and <= VinylMonoBass.MaxHz))
            return $"Bass in mono is set between {VinylMonoBass.MinHz:0} and {VinylMonoBass.MaxHz:0} Hz (or off).";
        return null;
    }
}

/// <summary>
/// The vinyl part of an assembly's report: the record, how the album fits on it, every side, and notes (a track whose
/// master could not be made again without its limiter). <see cref="Failure"/> says why no side was made, when none was.
/// </summary>
/// <param name="FormatName">The record in words ("12-inch LP at 33⅓").</param>
/// <param name="PreMastered">How many tracks went to the sides as vinyl pre-masters made again from their mixes (no limiter).</param>
public sealed record AlbumVinylReport(VinylFormat Format, string FormatName, string Summary, bool Fits, IReadOnlyList<AlbumVinylSide> Sides,
    IReadOnlyList<string> Notes, int PreMastered, double MonoBassBelowHz, string? Failure = null);

/// <summary>One side as made: its tracks (album numbers), length, what the length means, its WAV and what it measures.</summary>
/// <param name="FileId">The side's WAV (a FileAsset of kind VinylSide); null until stored, or when it could not be made.</param>
/// <param name="HotPassages">Passages with extreme high frequencies (a de-esser is advised there); each is named in <see cref="Notes"/>.</param>
public sealed record AlbumVinylSide(string Label, int Record, IReadOnlyList<int> TrackNumbers, double Seconds, VinylSideStatus Status, string Message,
    Guid? FileId, double? IntegratedLufs, double SamplePeakDbfs, int HotPassages, IReadOnlyList<string> Notes);
