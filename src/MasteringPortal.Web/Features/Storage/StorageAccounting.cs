using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Storage;

/// <summary>
/// Adds up a studio's stored files for its engineers (the owner, once the team has roles): bytes per category per
/// project and per client, the bytes on disk (each content once), and the largest files. Nobody else gets anything.
/// </summary>
public sealed class StorageAccounting(IDbContextFactory<PortalDbContext> factory)
{
    public const int LargestCount = 10;

    sealed record Row(Guid ProjectId, FileAssetKind Kind, Guid? RevisionId, long SizeBytes, string StorageKey, string OriginalName);

    public async Task<StorageReport?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsOwner: true }) return null;
        var studioId = viewer.StudioId;

        var projects = await db.Projects.AsNoTracking().Where(p => p.StudioId == studioId)
            .Select(p => new { p.Id, p.Title, p.ClientId, Client = p.Client!.Name, Archived = p.ArchivedAt != null }).ToListAsync(ct);
        // Files the retention policy removed take no room any more (their bytes stay only under another, counted, file).
        var rows = await db.FileAssets.AsNoTracking().Where(f => f.Project!.StudioId == studioId && f.RemovedAt == null)
            .Select(f => new Row(f.ProjectId, f.Kind, f.RevisionId, f.SizeBytes, f.StorageKey, f.OriginalName)).ToListAsync(ct);
        var approved = (await db.Tracks.AsNoTracking().Where(t => t.Project!.StudioId == studioId && t.ApprovedRevisionId != null)
            .Select(t => t.ApprovedRevisionId!.Value).ToListAsync(ct)).ToHashSet();

        StorageCategory CategoryOf(Row r) => r.Kind switch
        {
            FileAssetKind.Mix or FileAssetKind.AlternateMix => StorageCategory.Mixes,
            FileAssetKind.Reference => StorageCategory.References,
            FileAssetKind.Preview or FileAssetKind.MixExcerpt or FileAssetKind.PlatformCopy => StorageCategory.Previews,
            _ => r.RevisionId is { } revision && approved.Contains(revision) ? StorageCategory.ApprovedMasters : StorageCategory.OtherRevisions,
        };

        StorageBytes Sum(IEnumerable<Row> files)
        {
            var list = files.ToList();
            var byCategory = list.GroupBy(CategoryOf).ToDictionary(g => g.Key, g => g.Sum(r => r.SizeBytes));
            var onDisk = list.GroupBy(r => r.StorageKey, StringComparer.Ordinal).Sum(g => g.First().SizeBytes);
            return new StorageBytes(byCategory, onDisk);
        }

        var byProject = rows.ToLookup(r => r.ProjectId);
        var projectUsage = projects
            .Select(p => new ProjectStorage(p.Id, p.Title, p.ClientId, Sum(byProject[p.Id]), p.Archived))
            .OrderByDescending(p => p.Bytes.OnDisk).ThenBy(p => p.Title, StringComparer.CurrentCulture).ToList();
        var clientUsage = projects.GroupBy(p => (p.ClientId, p.Client))
            .Select(g => new ClientStorage(g.Key.ClientId, g.Key.Client, Sum(g.SelectMany(p => byProject[p.Id]))))
            .OrderByDescending(c => c.Bytes.OnDisk).ThenBy(c => c.Name, StringComparer.CurrentCulture).ToList();
        var titles = projects.ToDictionary(p => p.Id, p => p.Title);
        var largest = rows.GroupBy(r => r.StorageKey, StringComparer.Ordinal)
            .Select(g => (First: g.OrderBy(r => r.Kind).First(), Uses: g.Count()))
            .OrderByDescending(x => x.First.SizeBytes).Take(LargestCount)
            .Select(x => new StoredItem(x.First.OriginalName, CategoryOf(x.First), titles.GetValueOrDefault(x.First.ProjectId, ""),
                x.First.ProjectId, x.First.SizeBytes, x.Uses))
            .ToList();
        return new StorageReport(Sum(rows), clientUsage, projectUsage, largest);
    }
}
