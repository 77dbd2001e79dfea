namespace MasteringPortal.Core.Domain;

public enum OutboxEmailState
{
    /// <summary>Waiting for the delivery job (again, after a temporary failure, at <see cref="OutboxEmail.NextAttemptAt"/>).</summary>
    Pending,
    /// <summary>Taken by one delivery attempt; a row left here by a stopped process is handed back by recovery.</summary>
    Sending,
    /// <summary>Accepted by the SMTP server.</summary>
    Sent,
    /// <summary>No SMTP server is configured: written to the log and kept here for the studio to read.</summary>
    Logged,
    /// <summary>The server refused the address for good (a 5xx answer), or every retry failed.</summary>
    Undeliverable,
}

/// <summary>
/// An email waiting to go out, saved in the same save as what caused it (a notification's email job, an invitation,
/// a password reset), and delivered by a job that takes it with a token-checked save. Its
/// <see cref="MessageId"/> is fixed when it is made, so a resend after a crash carries the same Message-Id.
/// </summary>
public class OutboxEmail : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? StudioId { get; set; }
    public string? UserId { get; set; }
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";

    /// <summary>Which template made it ("notification", "digest", "invitation", "password-reset").</summary>
    public string Template { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";

    /// <summary>The RFC 5322 Message-Id, without angle brackets.</summary>
    public string MessageId { get; set; } = "";

    public OutboxEmailState State { get; set; } = OutboxEmailState.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SendingSince { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The server's last answer when it failed, for the studio's email page.</summary>
    public string? LastError { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}
