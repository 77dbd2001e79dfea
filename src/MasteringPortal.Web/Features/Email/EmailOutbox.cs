using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// Adds an email to the caller's DbContext, so it is saved in the same SaveChanges as what caused it (an invitation, a
/// reset link, the notifications it carries). After the save, the outbox interceptor hands it to the delivery job.
/// </summary>
public sealed class EmailOutbox(PortalLinks links, TimeProvider clock)
{
    public OutboxEmail Add(PortalDbContext db, Guid? studioId, string? userId, string toAddress, string toName, string template,
        EmailContent content)
    {
        var now = clock.GetUtcNow();
        var email = new OutboxEmail
        {
            StudioId = studioId, UserId = userId, ToAddress = toAddress.Trim(), ToName = toName.Trim(), Template = template,
            Subject = content.Subject, TextBody = content.Text, HtmlBody = content.Html,
            // Fixed now, before any attempt, so every attempt sends the same Message-Id.
            MessageId = $"{Guid.CreateVersion7():N}@{links.Host}",
            CreatedAt = now, NextAttemptAt = now,
        };
        db.OutboxEmails.Add(email);
        return email;
    }
}
