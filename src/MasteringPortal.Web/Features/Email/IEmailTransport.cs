using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Email;

/// <summary>What became of one attempt to hand an email over.</summary>
public enum SendResultKind
{
    /// <summary>The SMTP server accepted it.</summary>
    Accepted,
    /// <summary>No SMTP server is configured: written to the log instead.</summary>
    Logged,
    /// <summary>Worth trying again later (the server is down, busy, or answered 4xx).</summary>
    TryAgain,
    /// <summary>The server refused for good (a 5xx answer: no such mailbox, address rejected).</summary>
    Refused,
}

public sealed record SendResult(SendResultKind Kind, string? Error = null);

/// <summary>Hands a rendered email to the world. The SMTP one in production; tests put one in front that can stop mid-send.</summary>
public interface IEmailTransport
{
    Task<SendResult> SendAsync(OutboxEmail email, CancellationToken ct);
}
