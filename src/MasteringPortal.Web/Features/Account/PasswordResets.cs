using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Account;

/// <summary>
/// "Forgot your password": a link emailed to the account's address that works once, for an hour. Only the SHA-256 of
/// the link's token is stored. Asking gives the same answer whether or not the address has an account, and a new
/// password ends every session of the account (a new security stamp). Using the link also proves the address.
/// </summary>
public sealed class PasswordResets(IDbContextFactory<PortalDbContext> factory, UserManager<PortalUser> users, EmailOutbox outbox,
    EmailTemplates templates, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A second email within this time is not sent: someone pressing the button again, or a stranger flooding an inbox.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    public const string Path = "/account/reset";

    /// <summary>
    /// Emails a link when <paramref name="email"/> belongs to an account that may sign in; otherwise does nothing.
    /// The caller shows the same words either way.
    /// </summary>
    public async Task RequestAsync(string email, CancellationToken ct = default)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        // A member the owner removed is locked out for good: no link brings them back.
        if (user?.Email is null || user.LockoutEnd == DateTimeOffset.MaxValue) return;
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.PasswordResets.AnyAsync(r => r.UserId == user.Id && r.UsedAt == null && r.CreatedAt > now - Quiet, ct)) return;

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var reset = new PasswordReset { UserId = user.Id, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime };
        db.PasswordResets.Add(reset);
        var studio = user.StudioId is { } studioId
            ? await db.Studios.AsNoTracking().Where(s => s.Id == studioId).Select(s => s.Name).FirstOrDefaultAsync(ct)
            : null;
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName;
        var content = templates.PasswordReset(studio ?? "MasteringPortal", name, $"{Path}?token={Uri.EscapeDataString(token)}", reset.ExpiresAt);
        // The row and its email are saved together: a link that exists was sent, and a sent link exists.
        outbox.Add(db, user.StudioId, user.Id, user.Email, name, StudioEmails.PasswordResetTemplate, content);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether <paramref name="token"/> is a link that still works (the reset page asks before showing its form).</summary>
    public async Task<bool> IsUsableAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await UsableAsync(db, token, ct) is not null;
    }

    /// <summary>Sets the new password through a link; the problems, in the page's words, when it cannot (empty on success).</summary>
    public async Task<IReadOnlyList<string>> ResetAsync(string? token, string newPassword, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var reset = await UsableAsync(db, token, ct);
        var user = reset is null ? null : await users.FindByIdAsync(reset.UserId);
        if (reset is null || user is null || user.LockoutEnd == DateTimeOffset.MaxValue) return [Expired];

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, newPassword);
            if (!check.Succeeded) return check.Errors.Select(e => e.Description).ToList();
        }
        // Claim the link first, in one statement, so two tabs racing with the same link cannot both use it.
        var now = clock.GetUtcNow();
        var claimed = await db.PasswordResets.Where(r => r.Id == reset.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
        if (claimed == 0) return [Expired];

        var identityToken = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, identityToken, newPassword);
        if (!result.Succeeded) return result.Errors.Select(e => e.Description).ToList();
        // Every other link of the account stops working; the address is proven; a sign-in pause from wrong tries ends.
        await db.PasswordResets.Where(r => r.UserId == user.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return [];
    }

    public const string Expired = "This link has expired or was already used. Ask for a new one below.";

    async Task<PasswordReset?> UsableAsync(PortalDbContext db, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        var reset = await db.PasswordResets.AsNoTracking().FirstOrDefaultAsync(r => r.TokenHash == hash && r.UsedAt == null, ct);
        return reset is not null && reset.ExpiresAt > now ? reset : null;
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
