using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// A person's own notifications and email choices. Every call reads the user id from the signed-in principal and touches
/// only that user's rows, so nobody can read or mark another person's notifications by id.
/// </summary>
public sealed class NotificationInbox(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null, ct);
    }

    public async Task<IReadOnlyList<Notification>> LatestAsync(ClaimsPrincipal user, int count = 100, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == id)
            .OrderByDescending(n => n.CreatedAt).Take(count).ToListAsync(ct);
    }

    /// <summary>Marks one of the user's notifications read (or all of them, without an id); another person's id does nothing.</summary>
    public async Task<int> MarkReadAsync(ClaimsPrincipal user, Guid? notificationId = null, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var unread = db.Notifications.Where(n => n.UserId == id && n.ReadAt == null);
        if (notificationId is { } one) unread = unread.Where(n => n.Id == one);
        return await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>The user's channel for each kind that concerns their role (their choice, or the default).</summary>
    public async Task<IReadOnlyList<(NotificationKind Kind, NotificationChannel Channel)>> ChoicesAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == id).ToListAsync(ct);
        return KindsFor(user).Select(k => (k, chosen.FirstOrDefault(c => c.Kind == k)?.Channel ?? NotificationDefaults.Channel(k))).ToList();
    }

    public async Task SetChoiceAsync(ClaimsPrincipal user, NotificationKind kind, NotificationChannel channel, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id || !Enum.IsDefined(kind) || !Enum.IsDefined(channel)) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == id && p.Kind == kind, ct);
        if (row is null) db.NotificationPreferences.Add(new NotificationPreference { UserId = id, Kind = kind, Channel = channel });
        else row.Channel = channel;
        await db.SaveChangesAsync(ct);
    }

    static IEnumerable<NotificationKind> KindsFor(ClaimsPrincipal user) => user.IsInRole(Roles.Client)
        ? [NotificationKind.RevisionPosted, NotificationKind.Comment, NotificationKind.MixAnalysed, NotificationKind.MastersReady,
           NotificationKind.ReviewWaiting, NotificationKind.PaymentWaiting, NotificationKind.FilesToBeRemoved, NotificationKind.NewMixRequested]
        : Enum.GetValues<NotificationKind>().Where(k => k is not (NotificationKind.MastersReady or NotificationKind.ReviewWaiting or NotificationKind.PaymentWaiting
            or NotificationKind.FilesToBeRemoved or NotificationKind.NewMixRequested));

    static string? UserId(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
