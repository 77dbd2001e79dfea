using System.Text;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Account;

/// <summary>
/// Proving an account's email address. Signing up through a link the portal emailed proves it; a link the engineer
/// copied by hand into a chat does not, so that account is sent a confirmation link, and until it is used the portal
/// sends it nothing else (its notifications stay in the bell; <see cref="NotificationEmails"/> skips it). Using a
/// password-reset link proves the address too. The link carries Identity's email-confirmation token (protected by
/// the data-protection keys, tied to the account's security stamp, valid one day).
/// </summary>
public sealed class EmailConfirmations(IDbContextFactory<PortalDbContext> factory, UserManager<PortalUser> users, EmailOutbox outbox,
    EmailTemplates templates, TimeProvider clock)
{
    public const string Path = "/account/confirm";
    public const string Template = "confirm-email";

    /// <summary>A second link within this time is not sent (a double click, or someone flooding the inbox).</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    /// <summary>Queues the confirmation email for an account whose address is not proven; false when none was sent.</summary>
    public async Task<bool> SendAsync(PortalUser user, CancellationToken ct = default)
    {
        if (user.EmailConfirmed || string.IsNullOrWhiteSpace(user.Email)) return false;
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.OutboxEmails.AnyAsync(e => e.UserId == user.Id && e.Template == Template && e.CreatedAt > now - Quiet, ct)) return false;

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var path = $"{Path}?user={Uri.EscapeDataString(user.Id)}&code={code}";
        var studio = await db.Studios.AsNoTracking().Where(s => s.Id == user.StudioId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName;
        outbox.Add(db, user.StudioId, user.Id, user.Email, name, Template, templates.ConfirmEmail(studio ?? "MasteringPortal", name, path));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Uses a confirmation link; true when the address is now proven (also when it already was).</summary>
    public async Task<bool> ConfirmAsync(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code) || code.Length > 2000) return false;
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.LockoutEnd == DateTimeOffset.MaxValue) return false;
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return false;
        }
        if (user.EmailConfirmed) return true;
        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
