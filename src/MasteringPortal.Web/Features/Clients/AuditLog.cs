using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>The studio's audit log (erasures on request), newest first, for its owner; nobody else gets anything.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> factory)
{
    public const int Shown = 100;

    public async Task<IReadOnlyList<AuditEntry>?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsOwner: true }) return null;
        return await db.AuditEntries.AsNoTracking().Where(a => a.StudioId == viewer.StudioId).OrderByDescending(a => a.At).Take(Shown).ToListAsync(ct);
    }
}
