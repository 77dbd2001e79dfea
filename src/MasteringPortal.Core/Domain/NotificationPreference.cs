namespace MasteringPortal.Core.Domain;

/// <summary>How a person wants to hear about one kind of notification.</summary>
public enum NotificationChannel
{
    /// <summary>Under the bell only.</summary>
    InApp,
    /// <summary>Under the bell and by email straight away (comments in a burst are gathered into one email).</summary>
    EmailAtOnce,
    /// <summary>Under the bell and in one email a day.</summary>
    DailyDigest,
}

/// <summary>A person's choice for one kind; a kind without a row uses its default (Notifications/NotificationDefaults).</summary>
public class NotificationPreference
{
    public string UserId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public NotificationChannel Channel { get; set; }
}
