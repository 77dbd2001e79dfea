using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// What a studio's people see of their work, read for comparison: the projects, revisions and comments (in id order),
/// and the stored file every kept file row names. Two installs with equal contents show the same studio.
/// </summary>
public sealed record StudioContents(
    List<(Guid Id, string Title, string Status)> Projects,
    List<(Guid Id, Guid TrackId, int Number)> Revisions,
    List<(Guid Id, string Text)> Comments,
    List<string> StorageKeys)
{
    public static async Task<StudioContents> ReadAsync(IDbContextFactory<PortalDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var projects = (await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Title, p.Status }).ToListAsync())
            .Select(p => (p.Id, p.Title, p.Status.ToString())).OrderBy(p => p.Id).ToList();
        var revisions = (await db.Revisions.AsNoTracking().Select(r => new { r.Id, r.TrackId, r.Number }).ToListAsync())
            .Select(r => (r.Id, r.TrackId, r.Number)).OrderBy(r => r.Id).ToList();
        var comments = (await db.Comments.AsNoTracking().Select(c => new { c.Id, c.Text }).ToListAsync())
            .Select(c => (c.Id, c.Text)).OrderBy(c => c.Id).ToList();
        var keys = await db.FileAssets.AsNoTracking().Where(f => f.RemovedAt == null).Select(f => f.StorageKey).Distinct().ToListAsync();
        return new StudioContents(projects, revisions, comments, keys);
    }
}
