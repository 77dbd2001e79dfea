using Hangfire;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>Where the runner works (from Storage:Root), how often it reports, and how long a job may run.</summary>
/// <param name="WorkRoot">Scratch folders, one per running job, on the storage's file system; removed when the job ends.</param>
/// <param name="ProgressInterval">How often progress is written to the row and published (and the cancel flag read).</param>
public sealed record JobRunnerOptions(string WorkRoot, TimeSpan ProgressInterval)
{
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest an analysis may run (Jobs:AnalysisTimeLimitMinutes): a one-hour file takes well under a minute.</summary>
    public TimeSpan AnalysisTimeLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a render may run (Jobs:RenderTimeLimitMinutes), matching and deliverables included.</summary>
    public TimeSpan RenderTimeLimit { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>A match analyses a few files and renders one trial: it gets an analysis's limit; an album assembly a render's.</summary>
    public TimeSpan TimeLimitOf(PortalJobKind kind) =>
        kind is PortalJobKind.Render or PortalJobKind.Album or PortalJobKind.Platforms ? RenderTimeLimit : AnalysisTimeLimit;

    /// <summary>
    /// How long a running job stays this worker's without a renewal (Jobs:LeaseSeconds, 30): the lease is renewed every
    /// third of it, and a job whose worker died is taken over once it has run out (within a lease and a sweep).
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>This process as a job's holder: machine, process id and a random part (a restarted process is another worker).</summary>
    public string WorkerName { get; init; } = DefaultWorkerName;

    static readonly string DefaultWorkerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>
/// The harness that runs one <see cref="PortalJob"/> from its row (Hangfire calls <see cref="RunAsync"/> with the
/// row's id); what a job does is its kind's class (<see cref="AnalysisJob"/>, <see cref="RenderJob"/>, <see cref="MatchJob"/>, <see cref="AlbumJob"/>,
/// <see cref="PlatformsJob"/>), which
/// reports through a <see cref="RunningJobContext"/>.
/// The row is taken atomically (Queued → Running, checked by its concurrency token), so a duplicate enqueue
/// or a second server finds it taken and does nothing. Progress goes to the row and to
/// <see cref="IJobNotifications"/> at most every <see cref="JobRunnerOptions.ProgressInterval"/>. A job's
/// results and its Succeeded state are saved in ONE SaveChanges, so a crash before that leaves nothing
/// visible and start-up recovery (<see cref="JobRecovery"/>) runs it again from scratch.
/// </summary>
public sealed class JobRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    IFileStore store,
    IJobNotifications notifications,
    JobCancellations cancellations,
    TimeProvider clock,
    JobRunnerOptions options,
    AnalysisJob analysis,
    RenderJob render,
    MatchJob match,
    AlbumJob album,
    PlatformsJob platforms,
    ILogger<JobRunner> logger)
{
    /// <summary>
    /// Runs this turn of the queue <paramref name="turnOf"/> was handed to: that job, or another queued job of its
    /// kind whose owner is further behind (<see cref="FairShare"/>); returns quietly when nothing is queued.
    /// </summary>
    /// <param name="cancellationToken">Hangfire's stop signal; the job is left for start-up recovery when it fires.</param>
    [AutomaticRetry(Attempts = 0)] // a failure is recorded on the row in plain words; retrying is the user's choice
    public async Task RunAsync(Guid turnOf, CancellationToken cancellationToken)
    {
        var job = await TakeAsync(turnOf, cancellationToken);
        if (job is null) return;
        var jobId = job.Id;
        // Every line logged while it runs names the job and its project; its span continues the queuing request's trace.
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = jobId, ["JobKind"] = job.Kind, ["ProjectId"] = job.ProjectId, ["Attempt"] = job.Attempt,
        });
        using var activity = PortalTelemetry.StartJob(job, options.WorkerName);
        var took = System.Diagnostics.Stopwatch.StartNew();
        var outcome = "succeeded";
        await JobOutcomes.PublishAsync(notifications, job, logger);

        using var running = cancellations.Register(jobId, cancellationToken, options.TimeLimitOf(job.Kind));
        await using var lease = new JobLease(dbFactory, job, options, clock, running, logger);
        var work = WorkFolder(jobId);
        try
        {
            DeleteFolder(work); // a re-run after a crash starts from scratch
            Directory.CreateDirectory(work);
            var context = new RunningJobContext(job, running, work, dbFactory, store, notifications, clock, options, logger);
            await (job.Kind switch
            {
                PortalJobKind.Analysis => analysis.RunAsync(context),
                PortalJobKind.Match => match.RunAsync(context),
                PortalJobKind.Album => album.RunAsync(context),
                PortalJobKind.Platforms => platforms.RunAsync(context),
                _ => render.RunAsync(context),
            });
        }
        catch (Exception) when (running.LeaseLost)
        {
            // Another worker runs it now (JobLease): whatever this run did is not recorded, and its folder is the new run's.
            outcome = "taken_over";
            logger.LogWarning("Job {JobId} ({Kind}) attempt {Attempt} stopped: another worker took it over", jobId, job.Kind, job.Attempt);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException && running.Token.IsCancellationRequested)
        {
            if (running.TimedOut)
            {
                outcome = "timed_out";
                var reason = JobMessages.TookTooLong(job.Kind, options.TimeLimitOf(job.Kind));
                logger.LogWarning("Job {JobId} ({Kind} of {TargetId}) reached its time limit and was stopped", jobId, job.Kind, job.TargetId);
                await EndAsync(jobId, (db, row) => JobOutcomes.MarkFailedAsync(db, row, reason, clock, CancellationToken.None));
            }
            else if (running.CancelledByUser)
            {
                outcome = "cancelled";
                logger.LogInformation("Job {JobId} ({Kind}) was cancelled", jobId, job.Kind);
                await EndAsync(jobId, (db, row) => JobOutcomes.MarkCancelledAsync(db, row, clock, CancellationToken.None));
            }
            else
            {
                // The process is stopping: the row stays Running with its lease ended, so the next start-up or another
                // worker's sweep queues it again at once.
                outcome = "interrupted";
                await lease.ReleaseAsync();
                logger.LogWarning("Job {JobId} ({Kind}) was interrupted by shutdown; it runs again at the next start-up or on another worker", jobId, job.Kind);
            }
        }
        catch (Exception e)
        {
            outcome = "failed";
            var reason = JobMessages.FailureReason(job.Kind, e);
            logger.LogError(e, "Job {JobId} ({Kind} of {TargetId}) failed: {Reason}", jobId, job.Kind, job.TargetId, reason);
            await EndAsync(jobId, (db, row) => JobOutcomes.MarkFailedAsync(db, row, reason, clock, CancellationToken.None));
        }
        finally
        {
            if (!running.LeaseLost) DeleteFolder(work);
            PortalTelemetry.JobEnded(job.Kind, outcome, took.Elapsed, activity);
        }
    }

    /// <summary>The scratch folder of one job (also removed by recovery for a job it re-queues).</summary>
    public string WorkFolder(Guid jobId) => Path.Combine(options.WorkRoot, jobId.ToString("N"));

    /// <summary>
    /// Takes the job this turn runs (Queued → Running, token-checked); null when nothing of its kind is queued.
    /// A row someone else took, or one cancelled while it waited, passes the turn on to the next fairest row: a
    /// turn is never lost while a row waits, since each queued row was handed one.
    /// </summary>
    async Task<PortalJob?> TakeAsync(Guid turnOf, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await FairShare.NextAsync(db, turnOf, ct) is not { } jobId)
            {
                logger.LogDebug("The turn of job {JobId} finds nothing of its kind queued (it ran in an earlier turn, or a duplicate enqueue)", turnOf);
                return null;
            }
            var job = await db.PortalJobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
            if (job is null || job.State != PortalJobState.Queued) continue; // taken between the choice and now
            try
            {
                if (job.CancelRequested)
                {
                    await JobOutcomes.MarkCancelledAsync(db, job, clock, ct);
                    await JobOutcomes.PublishAsync(notifications, job, logger);
                    continue;
                }
                job.State = PortalJobState.Running;
                job.StartedAt = clock.GetUtcNow();
                job.Worker = options.WorkerName;
                job.LeaseExpiresAt = job.StartedAt + options.Lease;
                job.FinishedAt = null;
                job.ProgressPercent = 0;
                job.FailureReason = null;
                if (job.Kind == PortalJobKind.Render && await db.Revisions.SingleOrDefaultAsync(r => r.Id == job.TargetId, ct) is { } revision)
                {
                    revision.Status = RevisionStatus.Rendering;
                    revision.ProgressPercent = 0;
                    revision.FailureReason = null;
                }
                await db.SaveChangesAsync(ct);
                if (jobId != turnOf)
                    logger.LogInformation("The turn of job {TurnOf} runs job {JobId}, whose owner has waited longer (fair share)", turnOf, jobId);
                return job;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Taken, cancelled or re-queued by someone else between the read and the save: choose again.
            }
        }
        logger.LogWarning("The queue of job {JobId} kept changing while a job was being taken; this turn is skipped", turnOf);
        return null;
    }

    /// <summary>Ends a running job (failed or cancelled) on a fresh context; skipped when it is no longer Running.</summary>
    async Task EndAsync(Guid jobId, Func<PortalDbContext, PortalJob, Task> end)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                var job = await db.PortalJobs.SingleOrDefaultAsync(j => j.Id == jobId);
                // Only this worker's run of it: a job another worker took over is that worker's to end.
                if (job is null || job.State != PortalJobState.Running || job.Worker != options.WorkerName) return;
                await end(db, job);
                await JobOutcomes.PublishAsync(notifications, job, logger);
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The cancel flag was set at the same moment: apply the ending to the new version.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Recording the end of job {JobId} failed; start-up recovery will run it again", jobId);
                return;
            }
        }
    }

    void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The job folder {Path} could not be removed", path);
        }
    }
}
