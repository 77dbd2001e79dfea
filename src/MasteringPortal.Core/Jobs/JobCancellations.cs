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

    /// <summary>Registers a job that starts running; <paramref name="shutdown"/> is the host's (Hangfire's) stop signal.</summary>
    public RunningJob Register(Guid jobId, CancellationToken shutdown)
    {
        var job = new RunningJob(this, jobId, shutdown);
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

    /// <summary>One running job's token: cancelled by the user (<see cref="CancelByUser"/>) or by the host shutting down.</summary>
    public sealed class RunningJob : IDisposable
    {
        readonly JobCancellations owner;
        readonly CancellationTokenSource source;
        volatile bool byUser;

        internal RunningJob(JobCancellations owner, Guid jobId, CancellationToken shutdown)
        {
            this.owner = owner;
            JobId = jobId;
            source = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        }

        public Guid JobId { get; }
        public CancellationToken Token => source.Token;

        /// <summary>True when the engineer asked to stop (rather than the process stopping).</summary>
        public bool CancelledByUser => byUser;

        public void CancelByUser()
        {
            byUser = true;
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            owner.Unregister(this);
            source.Dispose();
        }
    }
}
