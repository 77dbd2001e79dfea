using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Jobs whose worker is gone are queued again. At start-up (<see cref="RequeueInterruptedAsync"/>, before this
/// process's Hangfire server starts): every Queued row is handed to Hangfire again (in-memory storage forgets its
/// queue), and every Running row whose lease has ended. While the process runs, <see cref="TakeOverExpiredAsync"/>
/// (the lease sweep, every few seconds in every process that runs workers) takes over Running rows whose lease ran
/// out: their worker was killed or cut off. A job taken over goes back to Queued with <c>Attempt + 1</c>, its scratch
/// folder is removed and its revision waits again, so the re-run starts from scratch. One that was being cancelled
/// ends cancelled. A Running row whose lease is alive belongs to a live worker in some process and is left alone.
/// </summary>
public sealed class JobRecovery(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalJobs jobs,
    JobRunner runner,
    IJobNotifications notifications,
    TimeProvider clock,
    ILogger<JobRecovery> logger)
{
    /// <summary>Start-up: returns how many jobs were queued again.</summary>
    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = await db.PortalJobs.Where(j => j.State == PortalJobState.Queued).OrderBy(j => j.CreatedAt).ToListAsync(cancellationToken);
        var requeued = new List<PortalJob>();
        foreach (var job in queued)
        {
            if (job.CancelRequested)
            {
                await JobOutcomes.MarkCancelledAsync(db, job, clock, cancellationToken);
                await JobOutcomes.PublishAsync(notifications, job, logger);
                continue;
            }
            requeued.Add(job);
        }
        foreach (var job in requeued) await jobs.EnqueueAsync(db, job, cancellationToken);
        // Running rows whose lease has ended (their process stopped) go the same way as the sweep's.
        var taken = await TakeOverExpiredAsync(cancellationToken);
        if (requeued.Count + taken > 0) logger.LogInformation("{Count} unfinished job(s) queued again at start-up", requeued.Count + taken);
        return requeued.Count + taken;
    }

    /// <summary>
    /// The lease sweep: Running jobs whose lease ran out are taken over (each by exactly one process: the take is one
    /// conditional UPDATE) and queued again. Returns how many.
    /// </summary>
    public async Task<int> TakeOverExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = await db.PortalJobs.AsNoTracking()
            .Where(j => j.State == PortalJobState.Running && (j.LeaseExpiresAt == null || j.LeaseExpiresAt <= now))
            .Select(j => new { j.Id, j.Attempt, j.Worker, j.CancelRequested })
            .ToListAsync(cancellationToken);
        var taken = 0;
        foreach (var old in expired)
        {
            var won = await db.PortalJobs
                .Where(j => j.Id == old.Id && j.State == PortalJobState.Running && j.Attempt == old.Attempt
                            && (j.LeaseExpiresAt == null || j.LeaseExpiresAt <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, PortalJobState.Queued)
                    .SetProperty(j => j.Attempt, j => j.Attempt + 1)
                    .SetProperty(j => j.StartedAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.ProgressPercent, 0)
                    .SetProperty(j => j.Worker, (string?)null)
                    .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.Version, Guid.NewGuid()), cancellationToken);
            if (won == 0) continue; // renewed at the last moment, or another process took it first
            DeleteWorkFolder(old.Id);
            db.ChangeTracker.Clear();
            var job = await db.PortalJobs.SingleAsync(j => j.Id == old.Id, cancellationToken);
            if (job.CancelRequested)
            {
                await JobOutcomes.MarkCancelledAsync(db, job, clock, cancellationToken);
                await JobOutcomes.PublishAsync(notifications, job, logger);
                continue;
            }
            if (job.Kind == PortalJobKind.Render && await db.Revisions.SingleOrDefaultAsync(r => r.Id == job.TargetId, cancellationToken) is { } revision)
            {
                revision.Status = RevisionStatus.Queued;
                revision.ProgressPercent = 0;
                await db.SaveChangesAsync(cancellationToken);
            }
            logger.LogWarning("Job {JobId} ({Kind}) lost its worker {Worker} (its lease ended); attempt {Attempt} is queued", job.Id, job.Kind, old.Worker, job.Attempt);
            await jobs.EnqueueAsync(db, job, cancellationToken);
            taken++;
        }
        return taken;
    }

    void DeleteWorkFolder(Guid jobId)
    {
        var folder = runner.WorkFolder(jobId);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The scratch folder of interrupted job {JobId} could not be removed; the re-run clears it", jobId);
        }
    }
}
