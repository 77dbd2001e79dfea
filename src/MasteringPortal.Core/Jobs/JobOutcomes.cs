using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>How a job's row and its revision end, shared by the runner, cancel and start-up recovery.</summary>
internal static class JobOutcomes
{
    public static JobUpdate UpdateOf(PortalJob job) =>
        new(job.Id, job.ProjectId, job.Kind, job.TargetId, job.State, job.ProgressPercent, job.FailureReason);

    public static async Task PublishAsync(IJobNotifications notifications, PortalJob job, ILogger logger)
    {
        try
        {
            await notifications.PublishAsync(UpdateOf(job));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing the state of job {JobId} failed", job.Id);
        }
    }

    /// <summary>Cancelled; a render's revision becomes Failed with "Cancelled by the engineer.". Saves (token-checked).</summary>
    public static Task MarkCancelledAsync(PortalDbContext db, PortalJob job, TimeProvider clock, CancellationToken ct) =>
        FinishAsync(db, job, PortalJobState.Cancelled, JobMessages.CancelledByEngineer, clock, ct);

    /// <summary>Failed with a reason in plain words, on the job and on a render's revision. Saves (token-checked).</summary>
    public static Task MarkFailedAsync(PortalDbContext db, PortalJob job, string reason, TimeProvider clock, CancellationToken ct) =>
        FinishAsync(db, job, PortalJobState.Failed, reason, clock, ct);

    static async Task FinishAsync(PortalDbContext db, PortalJob job, PortalJobState state, string reason, TimeProvider clock, CancellationToken ct)
    {
        job.State = state;
        job.FailureReason = reason;
        job.FinishedAt = clock.GetUtcNow();
        if (job.Kind == PortalJobKind.Render && await db.Revisions.SingleOrDefaultAsync(r => r.Id == job.TargetId, ct) is { } revision)
        {
            revision.Status = RevisionStatus.Failed;
            revision.FailureReason = reason;
            revision.ProgressPercent = 0;
        }
        await db.SaveChangesAsync(ct);
    }
}
