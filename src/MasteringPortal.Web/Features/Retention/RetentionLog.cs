using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>One line of the retention log on the storage page.</summary>
public sealed record RetentionEntry(DateTimeOffset At, Guid ProjectId, string ProjectTitle, int Days, int FilesRemoved, long BytesFreed,
    long BytesKeptShared);

/// <summary>What the retention policy removed in the owner's studio, newest first; nobody else gets anything.</summary>
public sealed class RetentionLog(IDbContextFactory<PortalDbContext> factory)
{
    public const int Shown = 50;

    public async Task<IReadOnlyList<RetentionEntry>?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsOwner: true }) return null;
        return await db.RetentionRemovals.AsNoTracking().Where(r => r.StudioId == viewer.StudioId)
            .OrderByDescending(r => r.At).Take(Shown)
            .Select(r => new RetentionEntry(r.At, r.ProjectId, r.Project!.Title, r.Days, r.FilesRemoved, r.BytesFreed, r.BytesKeptShared))
            .ToListAsync(ct);
    }
}
