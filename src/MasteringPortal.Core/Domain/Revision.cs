namespace MasteringPortal.Core.Domain;

public enum RevisionStatus { Queued, Rendering, Ready, Failed }

/// <summary>Where a revision's master came from.</summary>
public enum RevisionOrigin
{
    /// <summary>Rendered by the portal's engine from the track's mix with the revision's settings.</summary>
    Rendered,
    /// <summary>Made on the engineer's own chain and uploaded; the upload is the master, kept as it arrived.</summary>
    UploadedMaster,
}

/// <summary>
/// One master of a track, numbered 1, 2, … per track: rendered with a chain's settings, or uploaded by the engineer
/// (<see cref="Origin"/>). Either way it is analysed, checked, previewed and reviewed the same.
/// </summary>
public class Revision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public int Number { get; set; }

    public RevisionOrigin Origin { get; set; } = RevisionOrigin.Rendered;

    /// <summary>The render chain's settings, so "start from revision N" and re-renders are exact ("{}" for an uploaded master).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>
    /// The mix (a <see cref="FileAsset"/>) a rendered revision is made from, fixed when it is queued: a retry or a
    /// render that starts after the client replaced the mix still renders what the engineer chose. Null for an
    /// uploaded master and for revisions from before this was recorded (they render the track's current mix).
    /// </summary>
    public Guid? SourceMixId { get; set; }

    /// <summary>
    /// The content hash (SHA-256, hex) of <see cref="SourceMixId"/>'s bytes when the render was queued: what the revision
    /// was made from, even once the file itself has been removed under the studio's retention rules.
    /// </summary>
    public string? SourceMixSha256 { get; set; }

    /// <summary>
    /// The references a reference match used, when the chain was matched before this render (JSON, <see cref="RevisionMatch"/>);
    /// null when the settings were set by hand.
    /// </summary>
    public string? MatchJson { get; set; }

    /// <summary>The render engine's version that made the master (set when the render finishes).</summary>
    public string? EngineVersion { get; set; }

    /// <summary>The revision this one renders again (same mix, same settings, same engine: the same bytes); null otherwise.</summary>
    public Guid? RenderedAgainFromId { get; set; }

    /// <summary>
    /// For a sample master (rendered before the client commits): where in the mix the passage starts, in seconds. The
    /// master, its preview and the mix's passage to compare it with (<see cref="FileAssetKind.MixExcerpt"/>) are that
    /// passage only. Null for a revision of the whole track.
    /// </summary>
    public double? SampleStartSeconds { get; set; }

    /// <summary>How long the sample's passage is, in seconds (30 to 60); null for a revision of the whole track.</summary>
    public double? SampleLengthSeconds { get; set; }

    /// <summary>A sample master: a passage rendered before the client committed, never downloadable in full resolution.</summary>
    public bool IsSample => SampleStartSeconds is not null;

    public RevisionStatus Status { get; set; } = RevisionStatus.Queued;
    public string EngineerNote { get; set; } = "";

    /// <summary>Why a render failed, in words for the engineer.</summary>
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the engineer posted it to the client; null while only the engineer sees it.</summary>
    public DateTimeOffset? PostedAt { get; set; }
    public int ProgressPercent { get; set; }

    /// <summary>
    /// What the render achieved, as JSON (Jobs/RenderReport): integrated loudness, LRA, true peak, loudness
    /// gain, render time, each file's own measurement and the codec check's warnings. Null until rendered.
    /// </summary>
    public string? RenderReportJson { get; set; }

    /// <summary>The master files (and previews) of this revision.</summary>
    public List<FileAsset> Files { get; set; } = [];
    public List<Comment> Comments { get; set; } = [];
}
