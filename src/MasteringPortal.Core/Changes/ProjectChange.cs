using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Core.Changes;

/// <summary>What part of a project a <see cref="ProjectChange"/> is about.</summary>
public enum ProjectChangeKind
{
    /// <summary>Status, revision rounds, quote, tracks or brief: the project row and what hangs off it.</summary>
    Project,
    /// <summary>A revision was posted or approved (its subject is the revision).</summary>
    Revision,
    /// <summary>A comment was added, answered, resolved or opened again (its subject is the comment).</summary>
    Comment,
    /// <summary>Money was recorded as paid (its subject is the payment).</summary>
    Payment,
    /// <summary>A job was queued, moved on, finished, failed or was cancelled (<see cref="ProjectChange.Job"/> says how).</summary>
    Job,
}

/// <summary>
/// One committed change to a project, published once on the <see cref="IProjectChangeFeed"/> after the save that made
/// it. It carries identifiers and small values only (no entities), so it can cross a process boundary as it is:
/// a subscriber reads what it needs, as the subscriber's user may see it.
/// </summary>
public sealed record ProjectChange(Guid ProjectId, ProjectChangeKind Kind, Guid? SubjectId, DateTimeOffset At)
{
    /// <summary>For <see cref="ProjectChangeKind.Job"/>: the job's state and progress.</summary>
    public JobUpdate? Job { get; init; }

    public static ProjectChange OfJob(JobUpdate update, DateTimeOffset at) =>
        new(update.ProjectId, ProjectChangeKind.Job, update.TargetId, at) { Job = update };
}
