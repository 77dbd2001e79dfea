namespace MasteringPortal.Core.Domain;

/// <summary>
/// An invitation to sign up: for a client's member (<see cref="ClientId"/> set) or for a member of the studio's team
/// (<see cref="TeamRole"/> set; exactly one of the two is). Only the SHA-256 of the token is stored, so a
/// leaked database does not hand out working links (see Access/InvitationTokens).
/// </summary>
public class Invitation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public Guid? ClientId { get; set; }
    public Client? Client { get; set; }

    /// <summary>For an invitation to the studio's team: the role the new member gets (never <see cref="Domain.TeamRole.Owner"/>).</summary>
    public TeamRole? TeamRole { get; set; }
    public string Email { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the 32-byte random token sent in the link.</summary>
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>
    /// When the link went out by email from the portal. Signing up through an emailed link proves the address; a link
    /// copied by hand (null here) proves nothing, so that account confirms its address by email first.
    /// </summary>
    public DateTimeOffset? EmailedAt { get; set; }
    public string CreatedById { get; set; } = "";

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && now < ExpiresAt;
}
