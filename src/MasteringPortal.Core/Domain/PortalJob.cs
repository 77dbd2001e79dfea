using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Core.Domain;

/// <summary>
/// One durable background job: the intake analysis of a stored file or the render of a revision. The row
/// is written before the job is handed to Hangfire, and the runner works only from it, so a restart can
/// queue again whatever was queued or running (see Jobs/JobRecovery). <see cref="Version"/> is the
/// concurrency token that lets exactly one runner move a job from Queued to Running.
/// </summary>
public class PortalJob : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public PortalJobKind Kind { get; set; }

    /// <summary>The FileAsset analysed or the Revision rendered. A plain id: it points at one of two tables.</summary>
    public Guid TargetId { get; set; }
    public PortalJobState State { get; set; } = PortalJobState.Queued;
    public int ProgressPercent { get; set; }

    /// <summary>Why the job failed, in plain words for the user; the exception itself goes to the log.</summary>
    public string? FailureReason { get; set; }

    /// <summary>1 for the first run; a retry or a re-queue after a restart counts up.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>Who asked for the job; null for the system (the analysis of a fresh master).</summary>
    public string? RequestedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The worker process running the job (host, process id and a random part), while it is Running.</summary>
    public string? Worker { get; set; }

    /// <summary>
    /// Until when <see cref="Worker"/> holds the job: it renews the lease while it runs (Jobs/JobLease). A Running job
    /// whose lease has run out lost its worker (killed, or cut off from the database) and is queued again by any
    /// process's sweep (Jobs/JobRecovery); a job whose worker is alive is never taken twice.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>Set by "cancel"; a runner in any process polls it and stops.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The Hangfire job (a turn on its queue) handed out for this row, the latest after a re-queue; fair share may run another row in that turn (Jobs/FairShare).</summary>
    public string? HangfireJobId { get; set; }

    /// <summary>
    /// The W3C trace id of the request that queued the job (null when nothing was traced): the run's span continues
    /// that trace in whichever process runs it (Telemetry/PortalTelemetry).
    /// </summary>
    public string? TraceParent { get; set; }

    public const int TraceParentLength = 64;

    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsFinished => State is PortalJobState.Succeeded or PortalJobState.Failed or PortalJobState.Cancelled;
}
