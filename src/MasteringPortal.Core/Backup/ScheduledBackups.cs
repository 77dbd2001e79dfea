using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Backup;

/// <summary>Where scheduled backups go and when: <c>Backup:Directory</c> (server configuration, never a web form), the hour and the weekday.</summary>
public sealed record ScheduledBackupOptions(string? Directory, BackupSchedule Schedule);

/// <summary>
/// The scheduled backup, run by a recurring job every hour: when the studio's schedule says one is due, it backs the
/// whole install up into a new time-stamped folder under the backup directory (the stored files in one shared folder
/// beside them, so each is copied once), keeps the studio's number of newest backups, and records the run as a
/// <see cref="BackupRun"/> row, whose failure the notification planner turns into a notification to the studio's team.
/// An install serves one studio today; should it hold several, the most frequent schedule and the largest number to
/// keep among those that switched backups on apply, since a backup is of the whole install.
/// </summary>
public sealed class ScheduledBackups(IDbContextFactory<PortalDbContext> dbFactory, BackupSources sources, ScheduledBackupOptions options,
    TimeProvider clock, ILogger<ScheduledBackups> logger)
{
    public const string FolderFormat = "yyyyMMdd-HHmmss";

    /// <summary>Backs up when due; returns the run, or null when none was due.</summary>
    public async Task<BackupRun?> RunIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var studios = await db.Studios.AsNoTracking().Where(s => s.BackupFrequency != BackupFrequency.Off)
            .Select(s => new { s.BackupFrequency, s.BackupsToKeep }).ToListAsync(ct);
        if (studios.Count == 0) return null;
        var frequency = studios.Any(s => s.BackupFrequency == BackupFrequency.Daily) ? BackupFrequency.Daily : BackupFrequency.Weekly;
        var keep = Math.Max(1, studios.Max(s => s.BackupsToKeep));
        var last = await db.BackupRuns.AsNoTracking().MaxAsync(r => (DateTimeOffset?)r.StartedAt, ct);
        if (!options.Schedule.IsDue(frequency, now, last)) return null;

        var run = await BackUpAsync(now, keep, ct);
        db.BackupRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    async Task<BackupRun> BackUpAsync(DateTimeOffset startedAt, int keep, CancellationToken ct)
    {
        var run = new BackupRun { StartedAt = startedAt };
        if (string.IsNullOrWhiteSpace(options.Directory))
            return Failed(run, "No backup folder is set on the server (Backup:Directory), so nothing was backed up. " +
                               "Ask whoever runs the server to set one.");
        var directory = Path.GetFullPath(options.Directory);
        run.Folder = startedAt.UtcDateTime.ToString(FolderFormat, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var result = await PortalBackup.CreateAsync(sources, Path.Combine(directory, run.Folder), clock, ct: ct,
                sharedFilesFolder: Path.Combine(directory, BackupPruning.SharedFilesFolder));
            var m = result.Manifest;
            run.FileCount = m.Files.Count;
            run.TotalBytes = m.Database.SizeBytes + m.Keys.Sum(k => k.SizeBytes) + m.Files.Sum(f => f.SizeBytes);
            run.CopiedBytes = result.BytesCopied + m.Database.SizeBytes + m.Keys.Sum(k => k.SizeBytes);
            var pruned = BackupPruning.Prune(directory, keep);
            run.PrunedBackups = pruned.RemovedBackups.Count;
            run.Succeeded = true;
            run.FinishedAt = clock.GetUtcNow();
            logger.LogInformation("Scheduled backup {Folder}: {Files} files, {Copied} bytes copied; removed {Pruned} older backups and {Freed} bytes of files",
                run.Folder, run.FileCount, run.CopiedBytes, run.PrunedBackups, pruned.FreedBytes);
            return run;
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Scheduled backup {Folder} failed", run.Folder);
            return Failed(run, e is BackupException ? e.Message : $"The backup could not be written to the backup folder: {e.Message}");
        }
    }

    BackupRun Failed(BackupRun run, string reason)
    {
        run.Succeeded = false;
        run.FailureReason = reason;
        run.FinishedAt = clock.GetUtcNow();
        return run;
    }
}
