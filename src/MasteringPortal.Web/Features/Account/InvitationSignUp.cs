using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Account;

/// <summary>Why a link cannot be used, or the invitation it opens.</summary>
public sealed record InvitationCheck(Invitation? Invitation, string? Problem)
{
    public bool IsUsable => Invitation is not null && Problem is null;
}

/// <summary>The outcome of a sign-up: the new user, or what to tell the person.</summary>
public sealed record SignUpResult(PortalUser? User, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// A sign-up through an invitation link: a client's member, or a member of the studio's team with the invited role. The invitation is claimed with a conditional update
/// (only while AcceptedAt is empty) before the account is created, so the same link can never make two
/// accounts, even when two requests race; a failed account creation releases it again.
/// </summary>
public sealed class InvitationSignUp(
    PortalDbContext db,
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    TimeProvider? clock = null)
{
    TimeProvider Clock => clock ?? TimeProvider.System;

    public async Task<InvitationCheck> CheckAsync(string? token, CancellationToken ct = default)
    {
        const string unknown = "This invitation link is not valid. Check that you copied the whole link, or ask your engineer for a new one.";
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return new(null, unknown);
        var hash = InvitationTokens.Hash(token.Trim());
        var invitation = await db.Invitations.AsNoTracking().Include(i => i.Client)
            .FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) return new(null, unknown);
        if (invitation.AcceptedAt is not null)
            return new(null, "This invitation has already been used. Sign in with the account you created, or ask your engineer for a new link.");
        if (!invitation.IsPending(Clock.GetUtcNow()))
            return new(null, $"This invitation expired on {invitation.ExpiresAt.UtcDateTime:d MMMM yyyy}. Ask your engineer for a new link.");
        return new(invitation, null);
    }

    public async Task<SignUpResult> SignUpAsync(string? token, string displayName, string password, CancellationToken ct = default)
    {
        var check = await CheckAsync(token, ct);
        if (!check.IsUsable) return Fail(check.Problem!);
        var invitation = check.Invitation!;

        if (await users.FindByEmailAsync(invitation.Email) is not null)
            return Fail("An account with this email already exists. Please sign in instead.");

        var user = new PortalUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            // An emailed link proves the address; one copied by hand does not (see EmailConfirmations).
            EmailConfirmed = invitation.EmailedAt is not null,
            DisplayName = displayName.Trim(),
            StudioId = invitation.StudioId,
            ClientId = invitation.TeamRole is null ? invitation.ClientId : null,
        };
        var passwordProblems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            passwordProblems.AddRange(result.Errors.Select(e => e.Description));
        }
        if (passwordProblems.Count > 0) return new(null, passwordProblems);

        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, Clock.GetUtcNow()), ct);
        if (claimed != 1)
            return Fail("This invitation has already been used. Sign in with the account you created, or ask your engineer for a new link.");

        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            // A team invitation never makes an owner (InvitationTokens refuses it); a client's invitation makes a client.
            IReadOnlyList<string> granted = invitation.TeamRole is { } team && team != TeamRole.Owner ? Roles.For(team) : [Roles.Client];
            foreach (var role in granted)
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
            created = await users.AddToRolesAsync(user, granted);
        }
        if (!created.Succeeded)
        {
            if (user.Id is { } id && await users.FindByIdAsync(id) is { } partial) await users.DeleteAsync(partial);
            await db.Invitations.Where(i => i.Id == invitation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, (DateTimeOffset?)null), ct);
            return new(null, created.Errors.Select(e => e.Description).ToList());
        }
        return new(user, []);
    }

    static SignUpResult Fail(string message) => new(null, [message]);
}
