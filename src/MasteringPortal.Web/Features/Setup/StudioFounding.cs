using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.Setup;

/// <summary>The new studio and its owner, or what to tell the person setting it up.</summary>
public sealed record FoundingResult(Studio? Studio, PortalUser? Owner, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Studio is not null && Owner is not null;
}

/// <summary>
/// The one way a studio comes to exist: the studio row and its owner (an engineer who manages the team) in one
/// transaction, so there is never a studio nobody can sign in to. The set-up page, the <c>setup</c> command and the
/// demo seeder all found their studio here.
/// </summary>
public sealed class StudioFounding(PortalDbContext db, UserManager<PortalUser> users, TimeProvider time)
{
    /// <summary>Checks the form and the owner's password, then creates both; nothing is saved when anything is refused.</summary>
    public async Task<FoundingResult> FoundAsync(NewStudioForm form, bool isDemo = false, DateTimeOffset? createdAt = null,
        CancellationToken ct = default)
    {
        var problems = form.Problems().ToList();
        var email = form.OwnerEmail.Trim();
        var owner = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = form.OwnerName.Trim(),
        };
        if (problems.Count == 0)
        {
            foreach (var validator in users.PasswordValidators)
                problems.AddRange((await validator.ValidateAsync(users, owner, form.OwnerPassword)).Errors.Select(e => e.Description));
            if (await users.FindByEmailAsync(email) is not null)
                problems.Add("An account with this email already exists. Use another address for the studio's owner.");
        }
        if (problems.Count > 0) return new(null, null, problems);

        var studio = new Studio
        {
            Name = form.StudioName.Trim(),
            Currency = form.Currency.Trim().ToUpperInvariant(),
            IsDemo = isDemo,
            CreatedAt = createdAt ?? time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Studios.Add(studio);
        await db.SaveChangesAsync(ct);
        owner.StudioId = studio.Id;
        var created = await users.CreateAsync(owner, form.OwnerPassword);
        if (created.Succeeded) created = await users.AddToRolesAsync(owner, Roles.For(TeamRole.Owner));
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return new(null, null, created.Errors.Select(e => e.Description).ToList());
        }
        await transaction.CommitAsync(ct);
        return new(studio, owner, []);
    }
}
