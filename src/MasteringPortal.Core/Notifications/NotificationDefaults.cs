using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Notifications;

/// <summary>What each kind does for someone who has not chosen, and when its email is due.</summary>
public static class NotificationDefaults
{
    /// <summary>Comments arriving within this window of each other go out as one email.</summary>
    public static readonly TimeSpan CommentBurst = TimeSpan.FromMinutes(2);

    /// <summary>The daily summary goes out at this hour (UTC).</summary>
    public const int DigestHourUtc = 7;

    /// <summary>A mix's checks land under the bell only unless asked for; everything else is emailed straight away.</summary>
    public static NotificationChannel Channel(NotificationKind kind) =>
        kind == NotificationKind.MixAnalysed ? NotificationChannel.InApp : NotificationChannel.EmailAtOnce;

    public static DateTimeOffset? EmailDue(NotificationKind kind, NotificationChannel channel, DateTimeOffset now) => channel switch
    {
        NotificationChannel.InApp => null,
        NotificationChannel.DailyDigest => NextDigest(now),
        _ => kind == NotificationKind.Comment ? now + CommentBurst : now,
    };

    public static DateTimeOffset NextDigest(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, DigestHourUtc, 0, 0, TimeSpan.Zero);
        return today > utc ? today : today.AddDays(1);
    }

    /// <summary>The words a person sees for each kind on the preferences page.</summary>
    public static string Describe(NotificationKind kind) => kind switch
    {
        NotificationKind.MixAnalysed => "A mix has been checked",
        NotificationKind.ProjectSubmitted => "A project is submitted for mastering",
        NotificationKind.RevisionPosted => "A new master is ready to review",
        NotificationKind.Comment => "Comments and replies",
        NotificationKind.ChangesRequested => "Changes are requested",
        NotificationKind.Approved => "A master is approved",
        NotificationKind.PaymentReceived => "A payment is received",
        NotificationKind.MastersReady => "Your masters are ready to download",
        NotificationKind.RenderFailed => "A render failed",
        NotificationKind.DueDate => "A due date is near or has passed",
        NotificationKind.ReviewWaiting => "A master is still waiting for your review",
        NotificationKind.PaymentWaiting => "An approved project is still unpaid",
        NotificationKind.BackupFailed => "A scheduled backup failed",
        NotificationKind.InvitationWaiting => "Someone you invited has not joined yet",
        NotificationKind.FilesToBeRemoved => "Files of a delivered project will be removed soon",
        NotificationKind.NewMixRequested => "The engineer asks for a new mix",
        NotificationKind.SampleRequested => "A client asks for a sample master",
        _ => kind.ToString(),
    };
}
