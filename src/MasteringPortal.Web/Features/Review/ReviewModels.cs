using MasteringPortal.Audio.Platforms;
namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Everything the review page's script draws for one track, as the signed-in user may see it: served by
/// <c>GET /api/review/projects/{p}/tracks/{t}</c> and refreshed piece by piece over the review hub.
/// </summary>
/// <param name="ListeningNote">For a client before payment: whether the mix and the revisions are heard alike (<see cref="ListeningCopies"/>).</param>
public sealed record ReviewState(
    Guid ProjectId,
    Guid TrackId,
    string ProjectTitle,
    string TrackTitle,
    string Status,
    bool IsEngineer,
    string Rounds,
    IReadOnlyList<ReviewSource> Sources,
    IReadOnlyList<ReviewComment> Comments,
    IReadOnlyList<ReviewProblemNote>? ProblemNotes = null,
    string? ListeningNote = null)
{
    /// <summary>
    /// The project is a sample request the client has not gone ahead with: the sources are the latest posted sample and
    /// the same passage of the mix (encoded alike), and the decision is "go ahead" on the project page.
    /// </summary>
    public bool IsSampleRequest { get; init; }

    /// <summary>For a track of an EP or album: what album playback on the services changes (<see cref="PlatformRule.AlbumNote"/>).</summary>
    public string? AlbumNote { get; init; }
}

/// <summary>A problem the client marked on the mix in the brief ("a click at 1:12"): drawn on the mix's waveform.</summary>
public sealed record ReviewProblemNote(double StartSeconds, double? EndSeconds, string Text);

/// <summary>One thing to listen to: the mix, a reference or a revision.</summary>
/// <param name="Key">"mix", "ref:{fileId}" or "rev:{revisionId}": stable across refreshes.</param>
/// <param name="Kind">"mix", "reference" or "revision".</param>
/// <param name="AudioUrl">The file endpoint to stream (access-checked on every request); null when there is nothing to hear yet.</param>
/// <param name="AudioNote">Why there is no audio, or what is played (a preview before payment), in words for the listener.</param>
/// <param name="State">"ready", "analysing", "rendering" or "failed".</param>
/// <param name="FileId">The mix's or reference's file (what a comment on it names); null for a revision.</param>
/// <param name="Provenance">For a revision: which mix it was made from and what changed since the one before (<see cref="RevisionProvenance"/>).</param>
public sealed record ReviewSource(
    string Key,
    Guid TrackId,
    string Kind,
    string Label,
    Guid? RevisionId,
    int? RevisionNumber,
    bool Posted,
    bool Approved,
    string? EngineerNote,
    string? AudioUrl,
    string? AudioNote,
    string State,
    int ProgressPercent,
    string? FailureReason,
    ReviewFigures? Figures,
    string? Provenance = null,
    Guid? FileId = null,
    IReadOnlyList<ReviewPlatformCopy>? AsPlayed = null);

/// <summary>
/// A revision as a streaming platform plays it: the copy in the platform's codec (heard like the preview), the gain its
/// normalization applies when it plays, and the codec check in plain words.
/// </summary>
/// <param name="Platform">"Spotify", "AppleMusic", …</param>
/// <param name="Clips">The decoded copy goes over 0 dBFS somewhere: playback would clip.</param>
public sealed record ReviewPlatformCopy(string Platform, string Name, string Codec, string AudioUrl, string MimeType, double GainDb,
    string PlaybackSentence, string ClientSummary, bool Clips);

/// <summary>What the analysis of a source's file measured, shaped for drawing. The same for every viewer, so cached per analysis.</summary>
public sealed record ReviewFigures(
    double DurationSeconds,
    double? IntegratedLufs,
    double? LoudnessRangeLu,
    double? TruePeakDbtp,
    double? PeakToLoudnessRatioDb,
    double? MaxShortTermLufs,
    IReadOnlyList<PlatformPlayback> Platforms,
    ReviewWaveform? Waveform,
    ReviewCurve Loudness,
    ReviewSpectrum Spectrum,
    ReviewMono? Mono = null);

/// <summary>Min and max per column over all channels, in units of <paramref name="FullScale"/> (the peaks' own integer scale).</summary>
public sealed record ReviewWaveform(double SecondsPerColumn, int FullScale, short[] Min, short[] Max);

/// <summary>Short-term (3 s) loudness against time, reduced to about one point per pixel.</summary>
public sealed record ReviewCurve(double[] Seconds, double?[] Lufs);

/// <summary>
/// Mono compatibility over time (<see cref="Audio.Analysis.MonoTimeline"/>): point i covers [i, i + 1) ×
/// <paramref name="FrameSeconds"/>; correlations −1…+1 per band, the fold-down's loss in LU; null where the frame is
/// too quiet to matter (or the band empty).
/// </summary>
public sealed record ReviewMono(double FrameSeconds, double[] BandEdgesHz, float?[] Low, float?[] Mid, float?[] High, float?[] LossLu);

/// <summary>The long-term 1/3-octave spectrum of the mid signal.</summary>
public sealed record ReviewSpectrum(double[] Hz, double?[] Db);

/// <summary>
/// A comment on one source at a time or over a range; replies carry their thread's <paramref name="ParentId"/>.
/// <paramref name="AuthorId"/> lets the page offer edit and delete to the author; it is never sent to the browser's script.
/// </summary>
/// <param name="RevisionId">The revision it is about; null for a comment on a mix or a reference (<paramref name="FileId"/>).</param>
/// <param name="SourceLabel">The source in words: "Revision 2", "Mix", "Reference: Giorgio".</param>
public sealed record ReviewComment(
    Guid Id,
    Guid? RevisionId,
    int? RevisionNumber,
    Guid? ParentId,
    string Author,
    bool ByEngineer,
    double StartSeconds,
    double? EndSeconds,
    string Text,
    bool Resolved,
    DateTimeOffset CreatedAt,
    bool Edited = false,
    bool Deleted = false,
    [property: System.Text.Json.Serialization.JsonIgnore] string? AuthorId = null,
    string SourceLabel = "",
    Guid? FileId = null);
