using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Email;

/// <summary>One email as the studio's list shows it.</summary>
public sealed record StudioEmailRow(Guid Id, DateTimeOffset CreatedAt, string ToAddress, string ToName, string Subject,
    OutboxEmailState State, int Attempts, string? LastError, string TextBody);

/// <summary>
/// The emails of an engineer's studio (newest first): what went out, what waits, and the addresses that refuse mail.
/// Password-reset emails are left out: their links are someone's key to their account.
/// </summary>
public sealed class StudioEmails(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const string PasswordResetTemplate = "password-reset";

    public async Task<IReadOnlyList<StudioEmailRow>?> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        if (viewer is not { IsEngineer: true }) return null;
        return await db.OutboxEmails.AsNoTracking()
            .Where(e => e.StudioId == viewer.StudioId && e.Template != PasswordResetTemplate)
            .OrderByDescending(e => e.CreatedAt).Take(200)
            .Select(e => new StudioEmailRow(e.Id, e.CreatedAt, e.ToAddress, e.ToName, e.Subject, e.State, e.Attempts, e.LastError, e.TextBody))
            .ToListAsync(ct);
    }
}
