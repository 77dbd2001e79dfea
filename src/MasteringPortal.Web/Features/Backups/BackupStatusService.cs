using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Backups;

/// <summary>What the studio's owner sees of the scheduled backups: whether the server has a folder for them, the newest run and the newest good one.</summary>
public sealed record BackupStatus(bool DirectoryConfigured, BackupRun? Latest, BackupRun? LatestSucceeded, DateTimeOffset? NextSlot);

/// <summary>Reads the backup status for the studio's engineers only (the owner, once the team has roles); nobody else gets anything.</summary>
public sealed class BackupStatusService(IDbContextFactory<PortalDbContext> factory, ScheduledBackupOptions options, TimeProvider clock)
{
    public async Task<BackupStatus?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsOwner: true }) return null;
        var frequency = await db.Studios.Where(s => s.Id == viewer.StudioId).Select(s => s.BackupFrequency).FirstOrDefaultAsync(ct);
        var latest = await db.BackupRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var good = latest is { Succeeded: true }
            ? latest
            : await db.BackupRuns.AsNoTracking().Where(r => r.Succeeded).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var next = options.Schedule.LatestSlot(frequency, clock.GetUtcNow()) is { } slot
            ? (options.Schedule.IsDue(frequency, clock.GetUtcNow(), latest?.StartedAt) ? slot : NextAfter(frequency, slot))
            : (DateTimeOffset?)null;
        return new BackupStatus(options.Directory is not null, latest, good, next);
    }

    static DateTimeOffset NextAfter(BackupFrequency frequency, DateTimeOffset slot) =>
        slot.AddDays(frequency == BackupFrequency.Weekly ? 7 : 1);
}
