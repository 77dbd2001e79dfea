using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// What the harness (<see cref="JobRunner"/>) gives the job it runs: the taken row, the cancellation, the scratch
/// folder, and the ways to report progress (as 0-1 fractions), read a stored file and finish. The job's class
/// decides the work and which thread it runs on.
/// </summary>
public sealed class RunningJobContext
{
    private readonly JobCancellations.RunningJob running;
    private readonly IDbContextFactory<PortalDbContext> dbFactory;
    private readonly IFileStore store;
    private readonly IJobNotifications notifications;
    private readonly TimeProvider clock;
    private readonly TimeSpan progressInterval;
    private readonly JobRunnerOptions options;
    private readonly int attempt;

    internal RunningJobContext(PortalJob job, JobCancellations.RunningJob running, string workFolder,
        IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, IJobNotifications notifications, TimeProvider clock,
        JobRunnerOptions options, ILogger logger)
    {
        Job = job;
        this.running = running;
        WorkFolder = workFolder;
        this.dbFactory = dbFactory;
        this.store = store;
        this.notifications = notifications;
        this.clock = clock;
        this.options = options;
        progressInterval = options.ProgressInterval;
        attempt = job.Attempt;
        Logger = logger;
    }

    /// <summary>The row as taken (Running); its ProgressPercent follows what was written.</summary>
    public PortalJob Job { get; }

    /// <summary>Fires when the engineer cancels or the process stops.</summary>
    public CancellationToken Token => running.Token;

    /// <summary>The job's scratch folder, removed when the job ends however it ends.</summary>
    public string WorkFolder { get; }

    public ILogger Logger { get; }

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Runs <paramref name="work"/> while writing its progress (its 0-1 fraction mapped onto <paramref name="from"/>-
    /// <paramref name="to"/> of the whole job) and reading the cancel flag every progress interval.
    /// </summary>
    public async Task<T> WithProgressAsync<T>(double from, double to, Func<IProgress<double>, Task<T>> work)
    {
        var progress = new FractionProgress();
        var task = work(progress);
        var written = Job.ProgressPercent;
        // The row and the pages keep whole percents.
        var (fromPercent, toPercent) = ((int)Math.Round(from * 100), (int)Math.Round(to * 100));
        while (await Task.WhenAny(task, Task.Delay(progressInterval)) != task)
        {
            var percent = fromPercent + (int)Math.Floor((toPercent - fromPercent) * progress.Fraction);
            try
            {
                if (percent != written)
                {
                    await WriteProgressAsync(percent);
                    written = percent;
                }
                if (await CancelRequestedAsync()) running.CancelByUser();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logger.LogWarning(e, "Writing the progress of job {JobId} failed; the job goes on", Job.Id);
            }
        }
        return await task;
    }

    /// <summary>The stored file as a path on disk: the store's own file when it is local, else a copy in the job's folder.</summary>
    public async Task<string> LocalPathAsync(string storageKey)
    {
        if (!store.Exists(storageKey))
            throw new JobRefusedException("The audio file is missing from the studio's storage. Upload it again, or tell the studio.");
        return await store.LocalPathAsync(storageKey, Path.Combine(WorkFolder, "source"), Token);
    }

    /// <summary>
    /// Loads the running job's row for the final save, or throws OperationCanceledException when the engineer
    /// cancelled in the meantime (the harness then ends it as cancelled).
    /// </summary>
    public async Task<PortalJob> RowForFinishAsync(PortalDbContext db)
    {
        running.Token.ThrowIfCancellationRequested();
        var row = await db.PortalJobs.SingleAsync(j => j.Id == Job.Id);
        if (row.CancelRequested) running.CancelByUser();
        running.Token.ThrowIfCancellationRequested();
        if (row.State == PortalJobState.Running && !JobLease.Holds(row, options, attempt))
        {
            // Taken over by another worker while this one was cut off: its results are the other run's to save.
            running.CancelLeaseLost();
            running.Token.ThrowIfCancellationRequested();
        }
        if (row.State != PortalJobState.Running)
            throw new InvalidOperationException($"Job {Job.Id} is {row.State} while its runner finishes it.");
        return row;
    }

    /// <summary>The row's success, saved by the job together with its results.</summary>
    public void MarkSucceeded(PortalJob row)
    {
        row.State = PortalJobState.Succeeded;
        row.ProgressPercent = 100;
        row.FailureReason = null;
        row.FinishedAt = clock.GetUtcNow();
    }

    /// <summary>Tells the pages about the row's state once it is saved.</summary>
    public Task PublishAsync(PortalJob row) => JobOutcomes.PublishAsync(notifications, row, Logger);

    private async Task WriteProgressAsync(int percent)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // Not token-checked on purpose: progress must not fight with the cancel flag, and only this runner holds the job.
        await db.PortalJobs.Where(j => j.Id == Job.Id && j.State == PortalJobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ProgressPercent, percent));
        if (Job.Kind == PortalJobKind.Render)
            await db.Revisions.Where(r => r.Id == Job.TargetId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ProgressPercent, percent));
        Job.ProgressPercent = percent;
        await JobOutcomes.PublishAsync(notifications, Job, Logger);
    }

    private async Task<bool> CancelRequestedAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PortalJobs.Where(j => j.Id == Job.Id).Select(j => j.CancelRequested).FirstOrDefaultAsync();
    }

    /// <summary>Keeps the latest fraction (0-1) reported by the audio engine's thread; the pump reads it.</summary>
    private sealed class FractionProgress : IProgress<double>
    {
        private double fraction;
        public double Fraction => Volatile.Read(ref fraction);
        public void Report(double value) => Volatile.Write(ref fraction, Math.Clamp(value, 0, 1));
    }
}
