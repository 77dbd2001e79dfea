using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Keeps a running job this worker's: every third of <see cref="JobRunnerOptions.Lease"/> it pushes the row's
/// <see cref="PortalJob.LeaseExpiresAt"/> on, in one conditional UPDATE that holds only while the row is still Running
/// under this worker and attempt. When the update finds nothing, another process took the job over (this one was
/// cut off for longer than its lease): the run is stopped at once and records nothing. The same tick reads the cancel
/// flag, so a cancel from any process reaches the job within a third of the lease even between progress reports.
/// </summary>
public sealed class JobLease : IAsyncDisposable
{
    readonly IDbContextFactory<PortalDbContext> dbFactory;
    readonly Guid jobId;
    readonly int attempt;
    readonly JobRunnerOptions options;
    readonly TimeProvider clock;
    readonly JobCancellations.RunningJob running;
    readonly ILogger logger;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public JobLease(IDbContextFactory<PortalDbContext> dbFactory, PortalJob job, JobRunnerOptions options, TimeProvider clock,
        JobCancellations.RunningJob running, ILogger logger)
    {
        this.dbFactory = dbFactory;
        jobId = job.Id;
        attempt = job.Attempt;
        this.options = options;
        this.clock = clock;
        this.running = running;
        this.logger = logger;
        loop = Task.Run(RenewAsync);
    }

    async Task RenewAsync()
    {
        // A periodic timer keeps its beat even when a renewal is slow (a late tick is taken at once, not pushed back).
        using var timer = new PeriodicTimer(options.Lease / 3, clock);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(stop.Token)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stop.Token);
                var until = clock.GetUtcNow() + options.Lease;
                var held = await Held(db).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), stop.Token);
                if (held == 0)
                {
                    var row = await db.PortalJobs.AsNoTracking().Where(j => j.Id == jobId)
                        .Select(j => new { j.State, j.Worker, j.Attempt }).FirstOrDefaultAsync(stop.Token);
                    // Finished by this very run a moment ago (the loop is stopped right after): nothing to do.
                    if (row is not null && row.State != PortalJobState.Running && row.Worker == options.WorkerName && row.Attempt == attempt) return;
                    logger.LogWarning("Job {JobId} attempt {Attempt} was taken over by another worker; this run stops and records nothing", jobId, attempt);
                    running.CancelLeaseLost();
                    return;
                }
                if (await db.PortalJobs.Where(j => j.Id == jobId).Select(j => j.CancelRequested).FirstOrDefaultAsync(stop.Token))
                    running.CancelByUser();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is out of reach for a moment: the next tick tries again; if the lease runs out meanwhile,
                // another worker takes the job and the next successful tick finds it gone.
                logger.LogWarning(e, "Renewing the lease of job {JobId} failed; trying again", jobId);
            }
        }
    }

    /// <summary>The row while it is still this run's: Running under this worker and attempt.</summary>
    IQueryable<PortalJob> Held(PortalDbContext db) => db.PortalJobs
        .Where(j => j.Id == jobId && j.State == PortalJobState.Running && j.Worker == options.WorkerName && j.Attempt == attempt);

    /// <summary>Whether the row is still this run's (checked before the results are saved).</summary>
    public static bool Holds(PortalJob row, JobRunnerOptions options, int attempt) =>
        row.State == PortalJobState.Running && row.Worker == options.WorkerName && row.Attempt == attempt;

    /// <summary>
    /// Gives the job up at once because this process is stopping: the lease ends now, so the next start-up or any
    /// other worker's sweep queues it again without waiting for the lease to run out.
    /// </summary>
    public async Task ReleaseAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var now = clock.GetUtcNow();
            await Held(db).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, now));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Releasing job {JobId} at shutdown failed; it is taken over when its lease runs out", jobId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        await loop;
        stop.Dispose();
    }
}
