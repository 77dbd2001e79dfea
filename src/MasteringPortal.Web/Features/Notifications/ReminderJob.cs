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
/// again: the link itself cannot be re-sent, only its hash is kept). Each is sent once per occasion (<see cref="OccasionNotices"/>). A reminder stops when the thing is
/// done, because each run asks again whether the project still waits.
/// </summary>
public sealed class ReminderJob(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, OccasionNotices notices)
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
            sent += await notices.SendOnceAsync(db, new OccasionNotice("review", r.Id, $"posted {r.PostedAt:O}", r.StudioId, r.ProjectId,
                NotificationKind.ReviewWaiting, $"Revision {r.Number} of “{r.Track}” is still waiting for your review",
                NotificationLinks.Review(r.ProjectId, r.TrackId, r.Id)), ClientUsers(db, r.ClientId), now, ct);

        var unpaid = await db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Approved && p.Studio!.PaymentReminderDays > 0)
            .Select(p => new { p.Id, p.Title, p.StudioId, p.ClientId, Days = p.Studio!.PaymentReminderDays,
                ApprovedAt = p.Events.Where(e => e.Kind == ProjectEventKind.Approved).Max(e => (DateTimeOffset?)e.At) })
            .ToListAsync(ct);
        foreach (var p in unpaid.Where(p => p.ApprovedAt is { } at && at.AddDays(p.Days) <= now))
            sent += await notices.SendOnceAsync(db, new OccasionNotice("payment", p.Id, $"approved {p.ApprovedAt:O}", p.StudioId, p.Id,
                NotificationKind.PaymentWaiting, $"“{p.Title}” is approved and waiting for payment before the masters can be downloaded",
                NotificationLinks.Project(p.Id)), ClientUsers(db, p.ClientId), now, ct);

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
            sent += await notices.SendOnceAsync(db, new OccasionNotice("due", p.Id, $"{(passed ? "passed" : "near")} {p.DueDate:yyyy-MM-dd}", p.StudioId,
                p.Id, NotificationKind.DueDate,
                passed ? $"“{p.Title}” was due on {p.DueDate:d MMMM}" : $"“{p.Title}” is due on {p.DueDate:d MMMM}",
                NotificationLinks.Project(p.Id)), team, now, ct);
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
            sent += await notices.SendOnceAsync(db, new OccasionNotice("invitation", i.Id, $"sent {i.CreatedAt:O}", i.StudioId, null,
                NotificationKind.InvitationWaiting, $"{who} has not accepted your invitation of {i.CreatedAt:d MMMM} yet. You can send it again.",
                NotificationLinks.Invitations(i.Team)), db.Users.Where(u => u.Id == i.CreatedById).Select(u => u.Id), now, ct);
        }
        return sent;
    }

    public static IQueryable<string> ClientUsers(PortalDbContext db, Guid clientId) => db.Users.Where(u => u.ClientId == clientId).Select(u => u.Id);
}
