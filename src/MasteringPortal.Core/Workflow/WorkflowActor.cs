namespace MasteringPortal.Core.Workflow;

public enum ActorRole { Client, Engineer, System }

/// <summary>
/// Who asks for a transition. Clients act for their own client account, engineers for their studio,
/// the system for jobs and payment webhooks (no user).
/// </summary>
public sealed record WorkflowActor(ActorRole Role, string? UserId, Guid? StudioId, Guid? ClientId)
{
    public static WorkflowActor Client(string userId, Guid clientId) => new(ActorRole.Client, userId, null, clientId);
    public static WorkflowActor Engineer(string userId, Guid studioId) => new(ActorRole.Engineer, userId, studioId, null);
    public static readonly WorkflowActor System = new(ActorRole.System, null, null, null);

    public override string ToString() => Role switch
    {
        ActorRole.Client => "the client",
        ActorRole.Engineer => "the engineer",
        _ => "the system",
    };
}
