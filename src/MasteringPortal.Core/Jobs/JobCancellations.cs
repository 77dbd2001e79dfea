using System.Collections.Concurrent;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The jobs running in this process and how to stop each at once (a singleton). Cancel from another
/// process reaches a runner through <c>PortalJob.CancelRequested</c>, which the runner polls; within one
/// process this registry makes the stop immediate.
/// </summary>
public sealed class JobCancellations
{
    readonly ConcurrentDictionary<Guid, RunningJob> running = new();

    /// <summary>
    /// Registers a job that starts running; <paramref name="shutdown"/> is the host's (Hangfire's) stop signal, and
    /// <paramref name="timeLimit"/> (when given) stops the job once it has run that long.
    /// </summary>
    public RunningJob Register(Guid jobId, CancellationToken shutdown, TimeSpan? timeLimit = null)
    {
        var job = new RunningJob(this, jobId, shutdown, timeLimit);
        running[jobId] = job;
        return job;
    }

    /// <summary>Stops the job if it runs in this process; returns whether it did.</summary>
    public bool Cancel(Guid jobId)
    {
        if (!running.TryGetValue(jobId, out var job)) return false;
        job.CancelByUser();
        return true;
    }

    public bool IsRunningHere(Guid jobId) => running.ContainsKey(jobId);

    void Unregister(RunningJob job) => running.TryRemove(new KeyValuePair<Guid, RunningJob>(job.JobId, job));

    /// <summary>
    /// One running job's token: cancelled by the user (<see cref="CancelByUser"/>), by the host shutting down, or by
    /// its time limit (<see cref="TimedOut"/>).
    /// </summary>
    public sealed class RunningJob : IDisposable
    {
        readonly JobCancellations owner;
        readonly CancellationTokenSource source;
        readonly CancellationTokenSource? limit;
        readonly CancellationToken shutdown;
        volatile bool byUser;
        volatile bool leaseLost;

        internal RunningJob(JobCancellations owner, Guid jobId, CancellationToken shutdown, TimeSpan? timeLimit)
        {
            this.owner = owner;
            this.shutdown = shutdown;
            JobId = jobId;
            limit = timeLimit is { } t ? new CancellationTokenSource(t) : null;
            source = limit is null
                ? CancellationTokenSource.CreateLinkedTokenSource(shutdown)
                : CancellationTokenSource.CreateLinkedTokenSource(shutdown, limit.Token);
        }

        /// <summary>True when the job was stopped for running longer than its limit (not by a person or a shutdown).</summary>
        public bool TimedOut => limit?.IsCancellationRequested == true && !byUser && !leaseLost && !shutdown.IsCancellationRequested;

        public Guid JobId { get; }
        public CancellationToken Token => source.Token;

        /// <summary>True when the engineer asked to stop (rather than the process stopping).</summary>
        public bool CancelledByUser => byUser;

        public void CancelByUser()
        {
            byUser = true;
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }

        /// <summary>True when another worker took the job over (this one could not renew its lease): nothing may be recorded.</summary>
        public bool LeaseLost => leaseLost;

        public void CancelLeaseLost()
        {
            leaseLost = true;
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            owner.Unregister(this);
            source.Dispose();
            limit?.Dispose();
        }
    }
}
