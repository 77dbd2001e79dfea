using MasteringPortal.Audio.Album;

namespace MasteringPortal.Core.Domain;

/// <summary>A song in a project, in running order.</summary>
public class Track : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public string Title { get; set; } = "";

    /// <summary>1-based position in the running order.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The mix the engineer masters from (a FileAsset id); earlier mixes stay in the project's files as
    /// history. A plain id without a database foreign key (see PortalModel).
    /// </summary>
    public Guid? CurrentMixId { get; set; }

    /// <summary>
    /// The revision the client approved as this track's final master (ProjectWorkflow.Approve); null until then.
    /// A plain id without a database foreign key, like <see cref="CurrentMixId"/>.
    /// </summary>
    public Guid? ApprovedRevisionId { get; set; }

    /// <summary>
    /// When the engineer sent the track back to mixing (asked the client for a new mix); null when no new mix is awaited.
    /// While set, the client may upload a mix for this track whatever the project's stage; the new mix clears it.
    /// </summary>
    public DateTimeOffset? NewMixRequestedAt { get; set; }

    /// <summary>The engineer's note with the request for a new mix (what to change in the mix).</summary>
    public string? NewMixRequestNote { get; set; }

    // --- Release metadata (issue 20 §3), written into every deliverable and the CD. ------------------------------

    /// <summary>The recording's ISRC, normalised to its 12 characters (ReleaseCodes); null until the label assigns one.</summary>
    public string? Isrc { get; set; }

    /// <summary>The track's artists as they should be credited ("Ava Lind feat. Ben Ode"); empty: the album's artist.</summary>
    public string Artists { get; set; } = "";

    /// <summary>Composers / songwriters, as credited.</summary>
    public string Composer { get; set; } = "";

    // --- Its place on the album (issue 20 §1, docs/ALBUM.md): what Audio/Album/AlbumTrackPlan takes. ---------------

    /// <summary>Silence before the track, in seconds (track 1: before the album starts; on a CD at least the 2 s pregap).</summary>
    public double PauseBeforeSeconds { get; set; } = 2;

    /// <summary>Overlap with the previous track, in seconds; 0 for none (then the pause applies).</summary>
    public double CrossfadeSeconds { get; set; }
    public FadeCurve CrossfadeCurve { get; set; } = FadeCurve.EqualPower;
    public double FadeInSeconds { get; set; }
    public double FadeOutSeconds { get; set; }
    public FadeCurve FadeOutCurve { get; set; } = FadeCurve.Exponential;
    public double TrimStartSeconds { get; set; }
    public double TrimEndSeconds { get; set; }

    /// <summary>
    /// Album balance: the level the engineer wants for this track relative to the project's anchor track, in LU (−2: two LU
    /// under the anchor); null keeps the track's master as rendered.
    /// </summary>
    public double? AlbumLevelLu { get; set; }

    /// <summary>
    /// Index points 02, 03, … inside the track for the CD, in seconds from its start after the trim, rising and at least
    /// 1 s apart (ProjectCommands.SetTrackIndexPointsAsync checks them); empty: index 01 only.
    /// </summary>
    public List<double> IndexPointsSeconds { get; set; } = [];

    public Guid Version { get; set; } = Guid.NewGuid();

    public Brief? Brief { get; set; }
    public List<Revision> Revisions { get; set; } = [];

    /// <summary>Its alternate versions (instrumental, a cappella, clean, TV mix), at most one of each kind.</summary>
    public List<TrackAlternate> Alternates { get; set; } = [];
}
