using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Workflow;

public enum ProjectAction { Submit, StartWork, PostRevision, RequestChanges, Approve, MarkPaid, Deliver, GrantExtraRounds }

/// <summary>One row of the state machine: an action, the states it starts from, where it leads, who may take it.</summary>
public sealed record Transition(ProjectAction Action, IReadOnlySet<ProjectStatus> From, ProjectStatus? To, IReadOnlySet<ActorRole> By);

/// <summary>
/// The project state machine as data, so pages can ask which buttons to show:
/// Draft → Submitted → InProgress → InReview ⇄ ChangesRequested → Approved → Paid → Delivered.
/// </summary>
public static class ProjectTransitions
{
    static Transition T(ProjectAction action, ProjectStatus[] from, ProjectStatus? to, params ActorRole[] by) =>
        new(action, from.ToHashSet(), to, by.ToHashSet());

    public static readonly IReadOnlyDictionary<ProjectAction, Transition> All = new[]
    {
        // The engineer may submit on a client's behalf (brief taken over the phone).
        // An assistant prepares the work (the first render starts it) but never speaks for the studio to the client:
        // posting, rounds and money are the engineers'.
        T(ProjectAction.Submit, [ProjectStatus.Draft], ProjectStatus.Submitted, ActorRole.Client, ActorRole.Engineer, ActorRole.Assistant),
        T(ProjectAction.StartWork, [ProjectStatus.Submitted], ProjectStatus.InProgress, ActorRole.Engineer, ActorRole.Assistant),
        T(ProjectAction.PostRevision, [ProjectStatus.InProgress, ProjectStatus.ChangesRequested], ProjectStatus.InReview, ActorRole.Engineer),
        T(ProjectAction.RequestChanges, [ProjectStatus.InReview], ProjectStatus.ChangesRequested, ActorRole.Client),
        T(ProjectAction.Approve, [ProjectStatus.InReview], ProjectStatus.Approved, ActorRole.Client),
        // Engineer: manual payment (bank transfer, cash). System: a verified payment webhook.
        T(ProjectAction.MarkPaid, [ProjectStatus.Approved], ProjectStatus.Paid, ActorRole.Engineer, ActorRole.System),
        T(ProjectAction.Deliver, [ProjectStatus.Paid], ProjectStatus.Delivered, ActorRole.Engineer, ActorRole.System),
        // Extra rounds make sense until the client approves; the status does not change.
        T(ProjectAction.GrantExtraRounds,
            [ProjectStatus.Draft, ProjectStatus.Submitted, ProjectStatus.InProgress, ProjectStatus.InReview, ProjectStatus.ChangesRequested],
            null, ActorRole.Engineer),
    }.ToDictionary(t => t.Action);
}
