using MasteringPortal.Core.Domain;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.StudioSettings;

/// <summary>Reads and saves the signed-in engineer's own studio; nobody else's.</summary>
public sealed class StudioSettingsService(IDbContextFactory<PortalDbContext> factory)
{
    public async Task<StudioSettingsForm?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (_, studio) = await EngineersStudioAsync(db, principal, ct);
        return studio is null ? null : StudioSettingsForm.From(studio);
    }

    /// <summary>Saves; false when the user is not (or no longer) an engineer of a studio.</summary>
    public async Task<bool> SaveAsync(ClaimsPrincipal principal, StudioSettingsForm form, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (viewer, studio) = await EngineersStudioAsync(db, principal, ct);
        if (studio is null) return false;
        // The backup schedule and the retention policy are the owner's: an engineer's save leaves them as they are.
        form.ApplyTo(studio, includeOwnersSettings: viewer!.IsOwner);
        await db.SaveChangesAsync(ct);
        return true;
    }

    static async Task<(PortalViewer? Viewer, Studio? Studio)> EngineersStudioAsync(PortalDbContext db, ClaimsPrincipal principal,
        CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsEngineer: true }) return (viewer, null);
        return (viewer, await db.Studios.FirstOrDefaultAsync(s => s.Id == viewer.StudioId, ct));
    }
}
