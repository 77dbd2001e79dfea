namespace MasteringPortal.Core.Domain;

public enum ProjectKind { Single, EP, Album }

/// <summary>Where a project stands; transitions are decided by Workflow/ProjectWorkflow only.</summary>
public enum ProjectStatus { Draft, Submitted, InProgress, InReview, ChangesRequested, Approved, Paid, Delivered }

/// <summary>One release a client brings to the studio: a single, an EP or an album.</summary>
public class Project : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public Studio? Studio { get; set; }
    public Guid ClientId { get; set; }
    public Client? Client { get; set; }

    public string Title { get; set; } = "";
    public ProjectKind Kind { get; set; }
    public ProjectStatus Status { get; set; } = ProjectStatus.Draft;
    public DateOnly? DueDate { get; set; }

    /// <summary>The price agreed for this project in minor units of <see cref="Currency"/> (Pricing/Quote).</summary>
    public long QuoteMinor { get; set; }
    public string Currency { get; set; } = "EUR";

    /// <summary>
    /// The money received for this project was refunded or disputed after it was paid: full-resolution masters are
    /// locked for the client again although the project stays Paid (the workflow never moves backwards).
    /// </summary>
    public bool PaymentReversed { get; set; }

    /// <summary>
    /// When the studio's owner archived the project (Features/Archive): its files lie in the store's archive folder and
    /// answer with a plain sentence instead of audio until the owner brings the project back; null while it is live.
    /// </summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>Paid rounds the engineer granted on top of the studio's included ones.</summary>
    public int ExtraRoundsGranted { get; set; }

    /// <summary>How many times the client has requested changes.</summary>
    public int RevisionRoundsUsed { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>
    /// When the client asked for a sample master before committing (Workflow/SampleRequests): the project stays a Draft
    /// with one mix while the engineer renders and posts a sample of a passage; null for a project submitted straight away.
    /// </summary>
    public DateTimeOffset? SampleRequestedAt { get; set; }

    /// <summary>What the client wrote with the sample request ("the chorus at 1:10 is what worries me").</summary>
    public string? SampleRequestNote { get; set; }

    /// <summary>When the client went ahead after hearing the sample: the request became a submitted project.</summary>
    public DateTimeOffset? SampleCommittedAt { get; set; }

    /// <summary>
    /// The revision the client approved last; set by ProjectWorkflow.Approve. Each track's final master is
    /// <see cref="Track.ApprovedRevisionId"/>; this one is the single's master, kept for single-track lists. A plain id without a
    /// database foreign key (see PortalModel): look it up in Revisions.
    /// </summary>
    public Guid? ApprovedRevisionId { get; set; }

    // --- The release (issue 20 §3): written into every deliverable and the CD. --------------------------------------

    /// <summary>The album's artist as credited; each track's own artists default to it.</summary>
    public string AlbumArtist { get; set; } = "";

    /// <summary>The release's UPC (12 digits) or EAN (13), check digit verified (ReleaseCodes); null until the label has one.</summary>
    public string? UpcEan { get; set; }

    public string Label { get; set; } = "";
    public int? ReleaseYear { get; set; }

    /// <summary>
    /// The track the others are balanced against on the album (<see cref="Track.AlbumLevelLu"/>); null: the first track.
    /// A plain id without a database foreign key, like <see cref="ApprovedRevisionId"/>.
    /// </summary>
    public Guid? AnchorTrackId { get; set; }

    /// <summary>When the client approved the running order, gaps and transitions as sequenced; cleared when they change.</summary>
    public DateTimeOffset? SequenceApprovedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<Track> Tracks { get; set; } = [];
    public List<ProjectEvent> Events { get; set; } = [];
    public List<Payment> Payments { get; set; } = [];
    public List<FileAsset> Files { get; set; } = [];
}
