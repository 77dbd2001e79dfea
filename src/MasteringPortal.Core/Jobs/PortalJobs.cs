using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Queues, cancels and retries jobs. Every job is a <see cref="PortalJob"/> row saved BEFORE Hangfire hears of
/// it; the Hangfire job carries only the row's id, and <see cref="JobRunner"/> works from the row. So if the
/// enqueue is lost (the process stops, in-memory storage), start-up recovery finds the row and queues it again.
/// </summary>
public sealed class PortalJobs(
    IDbContextFactory<PortalDbContext> dbFactory,
    IBackgroundJobClient hangfire,
    IJobNotifications notifications,
    JobCancellations cancellations,
    TimeProvider clock,
    ILogger<PortalJobs> logger) : IPortalJobs
{
    /// <summary>Hangfire queues: each kind has its own workers (see the Jobs feature), so neither can starve the other.</summary>
    public const string AnalysisQueue = "analysis";
    public const string RenderQueue = "render";

    public async Task<Guid> QueueAnalysisAsync(Guid fileAssetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileAssetId, cancellationToken)
            ?? throw new JobRefusedException("This file no longer exists, so it cannot be analysed.");
        var job = new PortalJob
        {
            ProjectId = file.ProjectId, Kind = PortalJobKind.Analysis, TargetId = file.Id,
            RequestedById = file.UploadedById, CreatedAt = clock.GetUtcNow(),
        };
        return await SaveAndEnqueueAsync(db, job, cancellationToken);
    }

    public async Task<Guid> QueueRenderAsync(Guid revisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.Revisions.Include(r => r.Track).SingleOrDefaultAsync(r => r.Id == revisionId, cancellationToken)
            ?? throw new JobRefusedException("This revision no longer exists, so it cannot be rendered.");
        // A second click on "Render" while the first render is queued or running is the same render.
        var active = await ActiveJobOfAsync(db, revisionId, PortalJobKind.Render, cancellationToken);
        if (active is not null) return active.Id;
        var job = new PortalJob
        {
            ProjectId = revision.Track!.ProjectId, Kind = PortalJobKind.Render, TargetId = revision.Id, CreatedAt = clock.GetUtcNow(),
        };
        WaitAgain(revision);
        return await SaveAndEnqueueAsync(db, job, cancellationToken);
    }

    public async Task<Guid> QueueMatchAsync(Guid matchRunId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.MatchRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == matchRunId, cancellationToken)
            ?? throw new JobRefusedException("This match no longer exists, so it cannot run.");
        return await QueueOnceAsync(db, PortalJobKind.Match, run.ProjectId, run.Id, run.RequestedById, cancellationToken);
    }

    public async Task<Guid> QueuePlatformsAsync(Guid revisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Track).SingleOrDefaultAsync(r => r.Id == revisionId, cancellationToken)
            ?? throw new JobRefusedException("This revision no longer exists, so it cannot be checked.");
        if (revision.Status != RevisionStatus.Ready)
            throw new JobRefusedException($"Revision {revision.Number} is not finished yet: it is checked for the streaming services when it is.");
        return await QueueOnceAsync(db, PortalJobKind.Platforms, revision.Track!.ProjectId, revision.Id, null, cancellationToken);
    }

    /// <summary>
    /// Hands to Hangfire a job row another job saved as Queued within its own save (the render's platform check is saved
    /// with the revision it checks, so it cannot be lost between the two); nothing when it is no longer Queued.
    /// </summary>
    public async Task EnqueueSavedAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.PortalJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.State == PortalJobState.Queued, cancellationToken) is { } job)
                await EnqueueAsync(db, job, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job that saved the row has finished its own work: this one waits, Queued, for the next start-up's recovery.
            logger.LogError(e, "Handing the saved job {JobId} to Hangfire failed; it stays queued until the next start-up", jobId);
        }
    }

    public async Task<Guid> QueueAlbumAsync(Guid albumAssemblyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assembly = await db.AlbumAssemblies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == albumAssemblyId, cancellationToken)
            ?? throw new JobRefusedException("This album assembly no longer exists, so it cannot run.");
        return await QueueOnceAsync(db, PortalJobKind.Album, assembly.ProjectId, assembly.Id, assembly.RequestedById, cancellationToken);
    }

    /// <summary>Queues a job of <paramref name="kind"/> for a saved target, or returns the one already queued or running for it.</summary>
    async Task<Guid> QueueOnceAsync(PortalDbContext db, PortalJobKind kind, Guid projectId, Guid targetId, string? requestedById,
        CancellationToken cancellationToken)
    {
        if (await ActiveJobOfAsync(db, targetId, kind, cancellationToken) is { } active) return active.Id;
        var job = new PortalJob
        {
            ProjectId = projectId, Kind = kind, TargetId = targetId, RequestedById = requestedById, CreatedAt = clock.GetUtcNow(),
        };
        return await SaveAndEnqueueAsync(db, job, cancellationToken);
    }

    public async Task CancelAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Flag first, with a new concurrency token: a runner taking the job at this moment fails its take and re-reads the flag.
        var flagged = await db.PortalJobs
            .Where(j => j.Id == jobId && (j.State == PortalJobState.Queued || j.State == PortalJobState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true).SetProperty(j => j.Version, Guid.NewGuid()), cancellationToken);
        if (flagged == 0) return; // finished already (or never existed): nothing to stop
        if (cancellations.Cancel(jobId)) return; // running here: the runner stops at once and records the cancel

        // Queued and not taken: finish it here. If a runner (here or elsewhere) takes it first, the token check
        // refuses this save and that runner sees the flag instead.
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        if (job.State != PortalJobState.Queued) return;
        try
        {
            await JobOutcomes.MarkCancelledAsync(db, job, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return;
        }
        await JobOutcomes.PublishAsync(notifications, job, logger);
    }

    public async Task<Guid> RetryAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.PortalJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw new JobRefusedException("This job no longer exists.");
        if (await ActiveJobOfAsync(db, old.TargetId, old.Kind, cancellationToken) is { } active) return active.Id;
        if (old.State is not (PortalJobState.Failed or PortalJobState.Cancelled))
            throw new JobRefusedException("Only a failed or cancelled job can be retried.");

        var job = new PortalJob
        {
            ProjectId = old.ProjectId, Kind = old.Kind, TargetId = old.TargetId, Attempt = old.Attempt + 1,
            RequestedById = old.RequestedById, CreatedAt = clock.GetUtcNow(),
        };
        if (old.Kind == PortalJobKind.Render)
        {
            var revision = await db.Revisions.SingleOrDefaultAsync(r => r.Id == old.TargetId, cancellationToken)
                ?? throw new JobRefusedException("This revision no longer exists, so it cannot be rendered.");
            WaitAgain(revision);
        }
        return await SaveAndEnqueueAsync(db, job, cancellationToken);
    }

    static void WaitAgain(Revision revision)
    {
        revision.Status = RevisionStatus.Queued;
        revision.ProgressPercent = 0;
        revision.FailureReason = null;
    }

    async Task<Guid> SaveAndEnqueueAsync(PortalDbContext db, PortalJob job, CancellationToken cancellationToken)
    {
        job.TraceParent = PortalTelemetry.CurrentTraceParent(); // the run's span continues this request's trace
        db.PortalJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await EnqueueAsync(db, job, cancellationToken);
        return job.Id;
    }

    /// <summary>Hands a saved, queued row to Hangfire and remembers the Hangfire id (used by start-up recovery too).</summary>
    internal async Task EnqueueAsync(PortalDbContext db, PortalJob job, CancellationToken cancellationToken)
    {
        var id = job.Id;
        string hangfireId;
        try
        {
            hangfireId = hangfire.Create(
                Job.FromExpression<JobRunner>(runner => runner.RunAsync(id, CancellationToken.None)),
                new EnqueuedState(QueueOf(job.Kind)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row is saved and Queued: the next start-up queues it again, so the request is not lost.
            logger.LogError(e, "Handing job {JobId} ({Kind}) to Hangfire failed; it stays queued until the next start-up", id, job.Kind);
            return;
        }
        await db.PortalJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.HangfireJobId, hangfireId), cancellationToken);
        job.HangfireJobId = hangfireId;
        await JobOutcomes.PublishAsync(notifications, job, logger);
    }

    /// <summary>The Hangfire queue of a kind: a match or an album assembly is audio work as heavy as a render, so it runs on the render workers.</summary>
    public static string QueueOf(PortalJobKind kind) => kind == PortalJobKind.Analysis ? AnalysisQueue : RenderQueue;

    /// <summary>The job of <paramref name="kind"/> queued or running for a target (a revision has a render and a platform check).</summary>
    static Task<PortalJob?> ActiveJobOfAsync(PortalDbContext db, Guid targetId, PortalJobKind kind, CancellationToken ct) =>
        db.PortalJobs.AsNoTracking()
            .Where(j => j.TargetId == targetId && j.Kind == kind && (j.State == PortalJobState.Queued || j.State == PortalJobState.Running) && !j.CancelRequested)
            .OrderByDescending(j => j.CreatedAt)
            .FirstOrDefaultAsync(ct);
}
