using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Clients;
using MasteringPortal.Web.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Team;

/// <summary>A member of the studio's team as the team page lists them; <paramref name="TwoFactor"/>: their sign-in asks for an app code.</summary>
public sealed record TeamMember(string UserId, string Name, string Email, TeamRole Role, bool IsYou, bool TwoFactor);

/// <summary>Someone the owner invites to the team.</summary>
public sealed class TeamInvitationForm
{
    [Required(ErrorMessage = "Enter the email address the invitation is for.")]
    [EmailAddress(ErrorMessage = "That does not look like an email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    public TeamRole Role { get; set; } = TeamRole.Engineer;

    /// <summary>Email the link to the address (through the outbox); the page shows it either way.</summary>
    public bool SendByEmail { get; set; } = true;
}

/// <summary>
/// The owner's side of the team: who is on it, links to join it as an engineer or an assistant, and removing a
/// member. A removed member keeps their account row (their name stays on the timelines they wrote) but loses their
/// roles, is locked out, and gets a new security stamp, so their cookies and open pages stop working at once.
/// Everything here is refused (null or false) unless the caller is the studio's owner.
/// </summary>
public sealed class TeamService(IDbContextFactory<PortalDbContext> factory, UserManager<PortalUser> users, TimeProvider? clock = null,
    EmailTemplates? templates = null, EmailOutbox? outbox = null)
{
    TimeProvider Clock => clock ?? TimeProvider.System;

    public async Task<IReadOnlyList<TeamMember>?> MembersAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await OwnerAsync(db, principal, ct) is not { } owner) return null;
        var members = await db.Users.AsNoTracking()
            .Where(u => u.StudioId == owner.StudioId && u.ClientId == null)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.TwoFactorEnabled })
            .ToListAsync(ct);
        var rows = new List<TeamMember>();
        foreach (var member in members)
            if (await db.ViewerAsync(member.Id, ct) is { Team: { } role })
                rows.Add(new TeamMember(member.Id, member.DisplayName, member.Email ?? "", role, member.Id == owner.UserId, member.TwoFactorEnabled));
        return rows.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>A link to join the team as an engineer or an assistant (never as the owner).</summary>
    public async Task<InvitationLink?> InviteAsync(ClaimsPrincipal principal, TeamInvitationForm form, string baseUri, CancellationToken ct = default)
    {
        if (form.Role == TeamRole.Owner) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await OwnerAsync(db, principal, ct) is not { } owner) return null;
        var email = form.Email.Trim();
        var (invitation, token) = InvitationTokens.CreateForTeam(owner.StudioId, form.Role, email, owner.UserId, Clock.GetUtcNow());
        db.Invitations.Add(invitation);
        var path = $"/account/signup?token={Uri.EscapeDataString(token)}";
        var emailed = form.SendByEmail && templates is not null && outbox is not null;
        if (emailed)
        {
            // Saved with the invitation: both exist, or neither.
            var studio = await db.Studios.AsNoTracking().Where(s => s.Id == owner.StudioId).Select(s => s.Name).FirstAsync(ct);
            outbox!.Add(db, owner.StudioId, null, email, "", InvitationService.InvitationTemplate,
                templates!.TeamInvitation(studio, RoleName(form.Role), path, invitation.ExpiresAt));
            invitation.EmailedAt = Clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        return new InvitationLink(RoleName(form.Role), email, baseUri.TrimEnd('/') + path, invitation.ExpiresAt, emailed);
    }

    /// <summary>Takes a member off the team; their sessions end. The owner cannot remove themselves.</summary>
    public async Task<bool> RemoveAsync(ClaimsPrincipal principal, string userId, CancellationToken ct = default)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (await OwnerAsync(db, principal, ct) is not { } owner || owner.UserId == userId) return false;
            if (await db.ViewerAsync(userId, ct) is not { IsTeam: true } member || member.StudioId != owner.StudioId) return false;
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null) return false;
        var roles = (await users.GetRolesAsync(user)).Where(r => r is Roles.Engineer or Roles.Assistant or Roles.Owner).ToList();
        var removed = await users.RemoveFromRolesAsync(user, roles);
        if (!removed.Succeeded) return false;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    public static string RoleName(TeamRole role) => role switch
    {
        TeamRole.Owner => "Owner",
        TeamRole.Engineer => "Engineer",
        _ => "Assistant",
    };

    static async Task<PortalViewer?> OwnerAsync(PortalDbContext db, ClaimsPrincipal principal, CancellationToken ct) =>
        await db.ViewerAsync(principal, ct) is { IsOwner: true } owner ? owner : null;
}
