using Hangfire;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// Reminders, a recurring Hangfire job (hourly) on the injected clock: a posted revision waiting for the client's review
/// longer than the studio's <see cref="Studio.ReviewReminderDays"/>, an approved project unpaid longer than
/// <see cref="Studio.PaymentReminderDays"/> (both to the client's users), a due date within two days or passed (to the
/// studio's team), an invitation not accepted after <see cref="InvitationWait"/> (to whoever sent it, who can send it
/// again: the link itself cannot be re-sent, only its hash is kept). Each is sent once per occasion: the <see cref="ReminderRecord"/> with its unique key is saved with the
/// notifications, so a second run, a restart or two runs at once send nothing more. A reminder stops when the thing is
/// done, because each run asks again whether the project still waits.
/// </summary>
public sealed class ReminderJob(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, INotificationSignals signals,
    ILogger<ReminderJob> logger)
{
    public const string RecurringId = "reminders";
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(2);
    public static readonly TimeSpan InvitationWait = TimeSpan.FromDays(3);

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sent = 0;

        var waiting = await db.Revisions.AsNoTracking()
            .Where(r => r.PostedAt != null && r.Track!.ApprovedRevisionId == null && r.Track.Project!.Status == ProjectStatus.InReview
                        && r.Track.Project.Studio!.ReviewReminderDays > 0)
            .Select(r => new { r.Id, r.Number, r.PostedAt, r.TrackId, Track = r.Track!.Title, r.Track.ProjectId, r.Track.Project!.StudioId,
                r.Track.Project.ClientId, Days = r.Track.Project.Studio!.ReviewReminderDays })
            .ToListAsync(ct);
        // Only a track's newest posted revision waits.
        foreach (var r in waiting.GroupBy(r => r.TrackId).Select(g => g.OrderByDescending(r => r.Number).First())
                     .Where(r => r.PostedAt!.Value.AddDays(r.Days) <= now))
            sent += await RemindAsync(db, "review", r.Id, $"posted {r.PostedAt:O}", ClientUsers(db, r.ClientId), r.StudioId, r.ProjectId,
                NotificationKind.ReviewWaiting, $"Revision {r.Number} of “{r.Track}” is still waiting for your review",
                NotificationLinks.Review(r.ProjectId, r.TrackId, r.Id), now, ct);

        var unpaid = await db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Approved && p.Studio!.PaymentReminderDays > 0)
            .Select(p => new { p.Id, p.Title, p.StudioId, p.ClientId, Days = p.Studio!.PaymentReminderDays,
                ApprovedAt = p.Events.Where(e => e.Kind == ProjectEventKind.Approved).Max(e => (DateTimeOffset?)e.At) })
            .ToListAsync(ct);
        foreach (var p in unpaid.Where(p => p.ApprovedAt is { } at && at.AddDays(p.Days) <= now))
            sent += await RemindAsync(db, "payment", p.Id, $"approved {p.ApprovedAt:O}", ClientUsers(db, p.ClientId), p.StudioId, p.Id,
                NotificationKind.PaymentWaiting, $"“{p.Title}” is approved and waiting for payment before the masters can be downloaded",
                NotificationLinks.Project(p.Id), now, ct);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var soon = today.AddDays((int)DueSoon.TotalDays);
        var due = await db.Projects.AsNoTracking()
            .Where(p => p.DueDate != null && p.DueDate <= soon && p.Status != ProjectStatus.Draft && p.Status != ProjectStatus.Approved
                        && p.Status != ProjectStatus.Paid && p.Status != ProjectStatus.Delivered)
            .Select(p => new { p.Id, p.Title, p.StudioId, p.DueDate }).ToListAsync(ct);
        foreach (var p in due)
        {
            var passed = p.DueDate < today;
            var team = db.Users.Where(u => u.StudioId == p.StudioId && u.ClientId == null).Select(u => u.Id);
            sent += await RemindAsync(db, "due", p.Id, $"{(passed ? "passed" : "near")} {p.DueDate:yyyy-MM-dd}", team, p.StudioId, p.Id,
                NotificationKind.DueDate,
                passed ? $"“{p.Title}” was due on {p.DueDate:d MMMM}" : $"“{p.Title}” is due on {p.DueDate:d MMMM}",
                NotificationLinks.Project(p.Id), now, ct);
        }
        var unanswered = now - InvitationWait;
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.ExpiresAt > now && i.CreatedAt <= unanswered)
            .Select(i => new { i.Id, i.StudioId, i.Email, i.CreatedById, i.CreatedAt, Team = i.TeamRole != null,
                Client = i.Client == null ? null : i.Client.Name })
            .ToListAsync(ct);
        foreach (var i in invitations)
        {
            // A later invitation to the same address that was accepted answers this one too.
            if (await db.Users.AnyAsync(u => u.StudioId == i.StudioId && u.NormalizedEmail == i.Email.ToUpperInvariant(), ct)) continue;
            var who = i.Client is null ? i.Email : $"{i.Client} ({i.Email})";
            sent += await RemindAsync(db, "invitation", i.Id, $"sent {i.CreatedAt:O}", db.Users.Where(u => u.Id == i.CreatedById).Select(u => u.Id),
                i.StudioId, null, NotificationKind.InvitationWaiting,
                $"{who} has not accepted your invitation of {i.CreatedAt:d MMMM} yet. You can send it again.",
                NotificationLinks.Invitations(i.Team), now, ct);
        }
        return sent;
    }

    static IQueryable<string> ClientUsers(PortalDbContext db, Guid clientId) => db.Users.Where(u => u.ClientId == clientId).Select(u => u.Id);

    /// <summary>One occasion: its record and a notification for each recipient in one save; an occasion already recorded sends nothing.</summary>
    async Task<int> RemindAsync(PortalDbContext db, string kind, Guid subjectId, string occasion, IQueryable<string> recipients, Guid studioId,
        Guid? projectId, NotificationKind notificationKind, string title, string link, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Reminders.AnyAsync(r => r.Kind == kind && r.SubjectId == subjectId && r.Occasion == occasion, ct)) return 0;
        var users = await recipients.ToListAsync(ct);
        var choices = await db.NotificationPreferences.AsNoTracking().Where(p => users.Contains(p.UserId) && p.Kind == notificationKind).ToListAsync(ct);
        db.Reminders.Add(new ReminderRecord { Kind = kind, SubjectId = subjectId, Occasion = occasion, SentAt = now });
        foreach (var user in users)
        {
            var channel = choices.FirstOrDefault(c => c.UserId == user)?.Channel ?? NotificationDefaults.Channel(notificationKind);
            db.Notifications.Add(new Notification
            {
                UserId = user, StudioId = studioId, ProjectId = projectId, Kind = notificationKind, Title = title, Link = link, CreatedAt = now,
                EmailDueAt = NotificationDefaults.EmailDue(notificationKind, channel, now),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another run recorded the same occasion first (the unique key): that run sent it.
            logger.LogInformation(e, "Reminder {Kind} {Subject} {Occasion} was sent by another run", kind, subjectId, occasion);
            db.ChangeTracker.Clear();
            return 0;
        }
        db.ChangeTracker.Clear();
        await signals.CommittedAsync(users, [], emailDueNow: true);
        return 1;
    }
}
