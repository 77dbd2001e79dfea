namespace MasteringPortal.Core.Workflow;

/// <summary>Who acts: a client's member, an engineer of the studio (the owner too), an assistant of the studio, or the system.</summary>
public enum ActorRole { Client, Engineer, System, Assistant }

/// <summary>
/// Who asks for a transition. Clients act for their own client account, engineers and assistants for their studio,
/// the system for jobs and payment webhooks (no user).
/// </summary>
public sealed record WorkflowActor(ActorRole Role, string? UserId, Guid? StudioId, Guid? ClientId)
{
    public static WorkflowActor Client(string userId, Guid clientId) => new(ActorRole.Client, userId, null, clientId);
    public static WorkflowActor Engineer(string userId, Guid studioId) => new(ActorRole.Engineer, userId, studioId, null);
    public static WorkflowActor Assistant(string userId, Guid studioId) => new(ActorRole.Assistant, userId, studioId, null);
    public static readonly WorkflowActor System = new(ActorRole.System, null, null, null);

    public override string ToString() => Role switch
    {
        ActorRole.Client => "the client",
        ActorRole.Engineer => "the engineer",
        ActorRole.Assistant => "the engineer's assistant",
        _ => "the system",
    };
}
