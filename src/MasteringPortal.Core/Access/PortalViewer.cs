using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Access;

/// <summary>
/// The signed-in user as access rules see them, read fresh from the database (not from cookie claims,
/// which could be stale after a user is moved to another client or role, or removed from the team).
/// <paramref name="Team"/> is their role on the studio's team, null for a client's member.
/// </summary>
public sealed record PortalViewer(string UserId, Guid StudioId, Guid? ClientId, TeamRole? Team)
{
    /// <summary>On the studio's team (owner, engineer or assistant): sees every project of the studio.</summary>
    public bool IsTeam => Team is not null;

    /// <summary>An engineer of the studio (the owner too): every right on its projects, its clients and its settings.</summary>
    public bool IsEngineer => Team is TeamRole.Owner or TeamRole.Engineer;

    public bool IsOwner => Team is TeamRole.Owner;

    /// <summary>A user who is neither on the studio's team nor linked to a client sees nothing.</summary>
    public bool IsClient => !IsTeam && ClientId is not null;

    public WorkflowActor AsActor() => Team switch
    {
        TeamRole.Owner or TeamRole.Engineer => WorkflowActor.Engineer(UserId, StudioId),
        TeamRole.Assistant => WorkflowActor.Assistant(UserId, StudioId),
        _ => WorkflowActor.Client(UserId, ClientId ?? Guid.Empty),
    };
}
