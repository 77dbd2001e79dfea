using System.Runtime.CompilerServices;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Core.Notifications;

/// <summary>
/// The one place notifications are made: an EF Core save interceptor that reads what is being committed (timeline
/// events, comments, revisions posted or failed, mix analyses) from any writer (the command path, the payment
/// fulfilment, the job harness) and adds the Notification rows to the same save, so a change and its notifications
/// are committed together or not at all. Who hears of what is <see cref="NotificationRecipients"/>'s to say; the
/// words are <see cref="NotificationWording"/>'s. After the commit it tells the host (<see cref="INotificationSignals"/>).
/// </summary>
public sealed class NotificationPlanner(TimeProvider clock, IServiceProvider services) : SaveChangesInterceptor
{
    readonly ConditionalWeakTable<DbContext, Planned> planned = new();

    sealed record Planned(List<string> Users, List<Guid> Emails, bool DueNow);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PortalDbContext db) await PlanAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is PortalDbContext db) PlanAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        await SignalAsync(eventData.Context);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) planned.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    async Task PlanAsync(PortalDbContext db, CancellationToken ct)
    {
        planned.Remove(db);
        var now = clock.GetUtcNow();
        var drafts = await new NotificationRecipients(db).DraftsAsync(db.ChangeTracker, ct);
        var made = new List<Notification>();
        if (drafts.Count > 0)
        {
            var userIds = drafts.Select(d => d.UserId).Distinct().ToList();
            var choices = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToListAsync(ct);
            foreach (var draft in drafts)
            {
                var channel = choices.FirstOrDefault(c => c.UserId == draft.UserId && c.Kind == draft.Kind)?.Channel
                              ?? NotificationDefaults.Channel(draft.Kind);
                var notification = new Notification
                {
                    UserId = draft.UserId, StudioId = draft.StudioId, ProjectId = draft.ProjectId, Kind = draft.Kind,
                    Title = Clip(draft.Title, 500), Body = Clip(draft.Body, 20_000), Link = draft.Link, CreatedAt = now,
                    EmailDueAt = NotificationDefaults.EmailDue(draft.Kind, channel, now),
                };
                db.Notifications.Add(notification);
                made.Add(notification);
            }
        }
        var emails = db.ChangeTracker.Entries<OutboxEmail>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToList();
        if (made.Count > 0 || emails.Count > 0)
            planned.AddOrUpdate(db, new Planned(made.Select(n => n.UserId).Distinct().ToList(), emails,
                made.Any(n => n.EmailDueAt is { } due && due <= now)));
    }

    async Task SignalAsync(DbContext? context)
    {
        if (context is null || !planned.TryGetValue(context, out var done)) return;
        planned.Remove(context);
        if (services.GetService<INotificationSignals>() is { } signals)
            await signals.CommittedAsync(done.Users, done.Emails, done.DueNow);
    }

    static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
