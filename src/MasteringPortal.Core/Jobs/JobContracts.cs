namespace MasteringPortal.Core.Jobs;

/// <summary>
/// What a job does: analyse a stored file, render a revision, match a track's mix to references (a
/// <see cref="Domain.MatchRun"/>), assemble an album, or check a finished revision as the streaming platforms stream it
/// (<see cref="PlatformsJob"/>: queued by the render once the revision is Ready, so the master is there at the render's own
/// speed and the platform copies follow).
/// </summary>
public enum PortalJobKind { Analysis, Render, Match, Album, Platforms }

public enum PortalJobState { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>
/// Durable background work, so nothing queued is lost when the process stops. A job is a database row before it is queued; the
/// runner works from the row, so a restart re-queues what was queued or running.
/// </summary>
public interface IPortalJobs
{
    /// <summary>Queues the intake analysis of a stored file (a mix, a reference or a master); returns the job's id.</summary>
    Task<Guid> QueueAnalysisAsync(Guid fileAssetId, CancellationToken cancellationToken = default);

    /// <summary>Queues the render of a revision already saved with its SettingsJson and status Queued; returns the job's id.</summary>
    Task<Guid> QueueRenderAsync(Guid revisionId, CancellationToken cancellationToken = default);

    /// <summary>Queues a reference match already saved as a <see cref="Domain.MatchRun"/>; returns the job's id.</summary>
    Task<Guid> QueueMatchAsync(Guid matchRunId, CancellationToken cancellationToken = default);

    /// <summary>Queues an album assembly already saved as a <see cref="Domain.AlbumAssembly"/>; returns the job's id.</summary>
    Task<Guid> QueueAlbumAsync(Guid albumAssemblyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues the streaming platforms' check of a Ready revision (its copies as each platform streams it, and the codec
    /// report), or returns the one already queued or running for it; returns the job's id.
    /// </summary>
    Task<Guid> QueuePlatformsAsync(Guid revisionId, CancellationToken cancellationToken = default);

    /// <summary>Asks a queued or running job to stop; a running render stops promptly and leaves no file behind.</summary>
    Task CancelAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Queues a failed or cancelled job again; returns the new job's id.</summary>
    Task<Guid> RetryAsync(Guid jobId, CancellationToken cancellationToken = default);
}

/// <summary>What changed about a job, for the open pages of its project.</summary>
/// <param name="TargetId">The FileAsset analysed, the Revision rendered or checked for the platforms, the MatchRun matched or the
/// AlbumAssembly assembled.</param>
/// <param name="FailureReason">Why it failed, in plain words for the user.</param>
public sealed record JobUpdate(
    Guid JobId,
    Guid ProjectId,
    PortalJobKind Kind,
    Guid TargetId,
    PortalJobState State,
    int ProgressPercent,
    string? FailureReason);

/// <summary>
/// Where jobs report their progress and completion: onto the project change feed (<see cref="Changes.IProjectChangeFeed"/>),
/// which pages and the review hub's relay subscribe to.
/// </summary>
public interface IJobNotifications
{
    /// <summary>Publishes an update of a job; a failing subscriber does not stop the others.</summary>
    Task PublishAsync(JobUpdate update);
}
