using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Access;

/// <summary>
/// The signed-in user as access rules see them, read fresh from the database (not from cookie claims,
/// which could be stale after a user is moved to another client or role).
/// </summary>
public sealed record PortalViewer(string UserId, Guid StudioId, Guid? ClientId, bool IsEngineer)
{
    /// <summary>A user who is neither the studio's engineer nor linked to a client sees nothing.</summary>
    public bool IsClient => !IsEngineer && ClientId is not null;

    public WorkflowActor AsActor() => IsEngineer
        ? WorkflowActor.Engineer(UserId, StudioId)
        : WorkflowActor.Client(UserId, ClientId ?? Guid.Empty);
}
