namespace MasteringPortal.Core.Domain;

public enum ProjectEventKind
{
    Created,
    Submitted,
    WorkStarted,
    RevisionPosted,
    ChangesRequested,
    Approved,
    Paid,
    Delivered,
    ExtraRoundsGranted,
    QuoteChanged,
    FileAdded,
    Note,
    /// <summary>The engineer sent a track back to mixing: the client is asked for a new mix (the description holds the note).</summary>
    NewMixRequested,
    /// <summary>The client asked for a sample master before committing.</summary>
    SampleRequested,
    /// <summary>The engineer posted a sample master to the client.</summary>
    SamplePosted,
    /// <summary>A deposit was paid (a card payment towards the quote, before the masters exist).</summary>
    DepositPaid,
}

/// <summary>Who may read a timeline line.</summary>
public enum EventAudience
{
    /// <summary>The client and the studio: the project's shared history.</summary>
    Everyone,

    /// <summary>The studio only: a revision rendered but not posted, a payment for the engineer to check.</summary>
    Studio,
}

/// <summary>
/// One line of a project's timeline: who did what, when. Append-only: PortalDbContext refuses to
/// update or delete a saved event, so the history cannot be rewritten through the application.
/// </summary>
public class ProjectEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The user who acted; null for the system (a job, a payment webhook).</summary>
    public string? ActorId { get; set; }
    public PortalUser? Actor { get; set; }
    public ProjectEventKind Kind { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Who may read this line; the client's timeline leaves out <see cref="EventAudience.Studio"/> lines.</summary>
    public EventAudience Audience { get; set; } = EventAudience.Everyone;
}
