namespace MasteringPortal.Core.Domain;

/// <summary>
/// An engineer's invitation for a client to sign up. Only the SHA-256 of the token is stored, so a
/// leaked database does not hand out working links (see Access/InvitationTokens).
/// </summary>
public class Invitation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public Guid ClientId { get; set; }
    public Client? Client { get; set; }
    public string Email { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the 32-byte random token sent in the link.</summary>
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string CreatedById { get; set; } = "";

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && now < ExpiresAt;
}
