using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// Whether the portal has a studio. Until it has, every page leads to the set-up page; once it has, it always will
/// (studios are never deleted), so the answer is kept after the first yes and costs no query per request.
/// </summary>
public sealed class SetupState(IDbContextFactory<PortalDbContext> factory)
{
    volatile bool setUp;

    public async Task<bool> IsSetUpAsync(CancellationToken ct = default)
    {
        if (setUp) return true;
        await using var db = await factory.CreateDbContextAsync(ct);
        setUp = await db.Studios.AnyAsync(ct);
        return setUp;
    }
}
