using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Core.Domain;

/// <summary>
/// A person who signs in: the studio's engineer (role <see cref="Roles.Engineer"/>, <see cref="ClientId"/> null)
/// or a client's user (role <see cref="Roles.Client"/>, <see cref="ClientId"/> set).
/// </summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid StudioId { get; set; }
    public Studio? Studio { get; set; }

    /// <summary>Set for client users only: the client whose projects this user sees.</summary>
    public Guid? ClientId { get; set; }
    public Client? Client { get; set; }
}
