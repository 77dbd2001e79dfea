using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// One occasion a recurring job tells people about ("revision R waiting since its posting", "the files of project P go
/// on D"): <see cref="Kind"/>, <see cref="SubjectId"/> and <see cref="Occasion"/> are the <see cref="ReminderRecord"/>'s
/// unique key, the rest is what the notification says.
/// </summary>
public sealed record OccasionNotice(string Kind, Guid SubjectId, string Occasion, Guid StudioId, Guid? ProjectId,
    NotificationKind NotificationKind, string Title, string Link, string Body = "");

/// <summary>
/// Sends an occasion's notifications once, however often a job runs: the <see cref="ReminderRecord"/> is saved with the
/// notifications, so a second run, a restart or two runs at once send nothing more.
/// </summary>
public sealed class OccasionNotices(INotificationSignals signals, ILogger<OccasionNotices> logger)
{
    /// <summary>1 when this call sent the occasion, 0 when it had been sent already.</summary>
    public async Task<int> SendOnceAsync(PortalDbContext db, OccasionNotice notice, IQueryable<string> recipients, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await db.Reminders.AnyAsync(r => r.Kind == notice.Kind && r.SubjectId == notice.SubjectId && r.Occasion == notice.Occasion, ct))
            return 0;
        var users = await recipients.ToListAsync(ct);
        var choices = await db.NotificationPreferences.AsNoTracking()
            .Where(p => users.Contains(p.UserId) && p.Kind == notice.NotificationKind).ToListAsync(ct);
        db.Reminders.Add(new ReminderRecord { Kind = notice.Kind, SubjectId = notice.SubjectId, Occasion = notice.Occasion, SentAt = now });
        foreach (var user in users)
        {
            var channel = choices.FirstOrDefault(c => c.UserId == user)?.Channel ?? NotificationDefaults.Channel(notice.NotificationKind);
            db.Notifications.Add(new Notification
            {
                UserId = user, StudioId = notice.StudioId, ProjectId = notice.ProjectId, Kind = notice.NotificationKind, Title = notice.Title,
                Body = notice.Body, Link = notice.Link, CreatedAt = now, EmailDueAt = NotificationDefaults.EmailDue(notice.NotificationKind, channel, now),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another run recorded the same occasion first (the unique key): that run sent it.
            logger.LogInformation(e, "Notice {Kind} {Subject} {Occasion} was sent by another run", notice.Kind, notice.SubjectId, notice.Occasion);
            db.ChangeTracker.Clear();
            return 0;
        }
        db.ChangeTracker.Clear();
        await signals.CommittedAsync(users, [], emailDueNow: true);
        return 1;
    }
}
