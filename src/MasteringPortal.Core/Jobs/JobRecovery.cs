using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Start-up recovery: jobs left Queued or Running by a process that stopped (a restart, a crash, in-memory
/// Hangfire storage that forgot its queue) are handed to Hangfire again. A Running job counts as
/// interrupted: it goes back to Queued with <c>Attempt + 1</c>, its scratch folder is removed and its
/// revision waits again, so the re-run starts from scratch. One that was being cancelled ends cancelled.
/// Runs once before the Hangfire server starts, and assumes one portal process per database.
/// </summary>
public sealed class JobRecovery(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalJobs jobs,
    JobRunner runner,
    IJobNotifications notifications,
    TimeProvider clock,
    ILogger<JobRecovery> logger)
{
    /// <summary>Returns how many jobs were queued again.</summary>
    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unfinished = await db.PortalJobs
            .Where(j => j.State == PortalJobState.Queued || j.State == PortalJobState.Running)
            .OrderBy(j => j.CreatedAt)
            .ToListAsync(cancellationToken);
        var requeued = new List<PortalJob>();
        foreach (var job in unfinished)
        {
            if (job.CancelRequested)
            {
                await JobOutcomes.MarkCancelledAsync(db, job, clock, cancellationToken);
                await JobOutcomes.PublishAsync(notifications, job, logger);
                continue;
            }
            if (job.State == PortalJobState.Running)
            {
                job.State = PortalJobState.Queued;
                job.Attempt++;
                job.StartedAt = null;
                job.ProgressPercent = 0;
                DeleteWorkFolder(job.Id);
                if (job.Kind == PortalJobKind.Render && await db.Revisions.SingleOrDefaultAsync(r => r.Id == job.TargetId, cancellationToken) is { } revision)
                {
                    revision.Status = RevisionStatus.Queued;
                    revision.ProgressPercent = 0;
                }
                logger.LogWarning("Job {JobId} ({Kind} of {TargetId}) was interrupted; attempt {Attempt} is queued", job.Id, job.Kind, job.TargetId, job.Attempt);
            }
            requeued.Add(job);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in requeued) await jobs.EnqueueAsync(db, job, cancellationToken);
        if (requeued.Count > 0) logger.LogInformation("{Count} unfinished job(s) queued again at start-up", requeued.Count);
        return requeued.Count;
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
