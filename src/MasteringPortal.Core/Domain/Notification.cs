namespace MasteringPortal.Core.Domain;

/// <summary>What a notification is about; each kind has its own wording, link and per-user email preference.</summary>
public enum NotificationKind
{
    MixAnalysed,
    ProjectSubmitted,
    RevisionPosted,
    Comment,
    ChangesRequested,
    Approved,
    PaymentReceived,
    MastersReady,
    RenderFailed,
    DueDate,
    ReviewWaiting,
    PaymentWaiting,
    BackupFailed,
    InvitationWaiting,
    FilesToBeRemoved,
    NewMixRequested,
    SampleRequested,
}

/// <summary>
/// One thing one person should know about, shown under the bell. Made in the same save as the change it is about
/// (Notifications/NotificationPlanner), so it can never be lost or invented. Whether and when it is also emailed is
/// decided on creation from the user's preference: <see cref="EmailDueAt"/> null means in the portal only; the email
/// job puts every due notification of a user into one email and records it in <see cref="EmailId"/>.
/// </summary>
public class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public Guid StudioId { get; set; }
    public Guid? ProjectId { get; set; }
    public NotificationKind Kind { get; set; }

    /// <summary>One line in plain words ("Revision 2 of 'Night Drive' is ready for you to review").</summary>
    public string Title { get; set; } = "";

    /// <summary>More words when there are any (the comment's text, the problems found); user text, encoded when shown.</summary>
    public string Body { get; set; } = "";

    /// <summary>The exact place in the portal, as a path ("/projects/…/tracks/…/review?revision=…&amp;t=12.5").</summary>
    public string Link { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>When the email job may email it (at once, after a burst window, or at the digest hour); null: never.</summary>
    public DateTimeOffset? EmailDueAt { get; set; }

    /// <summary>The email that carried it, once composed.</summary>
    public Guid? EmailId { get; set; }
}
