using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// Turns due notifications into emails: one email per person carrying everything of theirs that is due, so comments
/// that arrive in a burst, or a day's digest, are one email. A person's at-once notifications still inside their burst
/// window go along rather than following alone a minute later. The email and the notifications' link to it are one save,
/// guarded by the notifications' <c>EmailId</c> token, so two runs never email the same notification twice.
/// </summary>
public sealed class NotificationEmails(IDbContextFactory<PortalDbContext> dbFactory, EmailTemplates templates, EmailOutbox outbox,
    TimeProvider clock, ILogger<NotificationEmails> logger)
{
    public const string Template = "notification";

    public async Task<int> ComposeDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // An address not yet proven gets nothing but its confirmation link (Account/EmailConfirmations): its
        // notifications wait in the bell, and go by email once it is confirmed.
        var users = await db.Notifications.AsNoTracking()
            .Where(n => n.EmailId == null && n.EmailDueAt != null && n.EmailDueAt <= now)
            .Where(n => db.Users.Any(u => u.Id == n.UserId && u.EmailConfirmed))
            .Select(n => n.UserId).Distinct().Take(200).ToListAsync(ct);
        var made = 0;
        foreach (var userId in users)
        {
            db.ChangeTracker.Clear();
            var horizon = now + NotificationDefaults.CommentBurst;
            var items = await db.Notifications.Where(n => n.UserId == userId && n.EmailId == null && n.EmailDueAt != null && n.EmailDueAt <= horizon)
                .OrderBy(n => n.CreatedAt).Take(100).ToListAsync(ct);
            var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.Email, u.DisplayName, u.StudioId, Studio = u.Studio!.Name }).FirstOrDefaultAsync(ct);
            if (items.Count == 0 || person is null) continue;
            if (string.IsNullOrWhiteSpace(person.Email))
            {
                foreach (var n in items) n.EmailDueAt = null;
                await db.SaveChangesAsync(ct);
                continue;
            }
            var digest = items.Any(n => n.EmailDueAt - n.CreatedAt > NotificationDefaults.CommentBurst);
            var email = outbox.Add(db, person.StudioId, userId, person.Email, person.DisplayName, Template,
                templates.Notifications(person.Studio, person.DisplayName, items, digest));
            foreach (var n in items) n.EmailId = email.Id;
            try
            {
                await db.SaveChangesAsync(ct);
                made++;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Another run emailed the notifications of {UserId} first", userId);
            }
        }
        return made;
    }
}
