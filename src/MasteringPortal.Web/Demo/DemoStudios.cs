using System.Security.Claims;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Demo;

/// <summary>
/// Whether a page is showing a demo studio, whose accounts' passwords are public: the signed-in person's own studio,
/// or, before anyone signs in, any demo studio of this deployment.
/// </summary>
public sealed class DemoStudios(IDbContextFactory<PortalDbContext> factory)
{
    public async Task<bool> IsShowingDemoAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return await db.Studios.AnyAsync(s => s.IsDemo, ct);
        return await db.Users.Where(u => u.Id == userId)
            .Join(db.Studios, u => u.StudioId, s => s.Id, (_, s) => s.IsDemo)
            .FirstOrDefaultAsync(ct);
    }
}
