using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Files;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>One file of the delivery: the stored master and its place in the ZIP ("01 Glasshouse/Glasshouse – revision 1.wav").</summary>
public sealed record DeliveryItem(Track Track, FileAsset File, string EntryName);

/// <summary>
/// What a project delivers: for every track, every master file (24-bit WAV and the brief's 16-bit WAV, MP3, AAC)
/// of its approved revision, in running order. Clients get it once the project is paid (the same rule as
/// <see cref="FileAccessRules"/> for single files), engineers whenever there is something approved.
/// </summary>
public static class DeliveryPackage
{
    public static async Task<(FileDecision Decision, Project? Project, IReadOnlyList<DeliveryItem> Items)> LoadAsync(PortalDbContext db,
        PortalViewer? viewer, Guid projectId, CancellationToken ct = default)
    {
        var project = await db.VisibleProjects(viewer).AsNoTracking().Include(p => p.Tracks)
            .FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || viewer is null) return (FileDecision.NotFound, null, []);
        var items = await ItemsAsync(db, project, ct);
        if (!ProjectCapabilities.Allows(ProjectCapability.DownloadMasters, project.Status, viewer.IsEngineer))
            return (FileDecision.NotYet, project, items);
        return (FileDecision.Allowed, project, items);
    }

    /// <summary>The approved revisions' master files of a project (tracks loaded), in running order.</summary>
    public static async Task<IReadOnlyList<DeliveryItem>> ItemsAsync(PortalDbContext db, Project project, CancellationToken ct = default)
    {
        var approved = project.Tracks.Select(t => t.ApprovedRevisionId).OfType<Guid>().ToList();
        var files = await db.FileAssets.AsNoTracking()
            .Where(f => f.ProjectId == project.Id && f.Kind == FileAssetKind.Master && f.RevisionId != null && approved.Contains(f.RevisionId.Value))
            .ToListAsync(ct);
        var items = new List<DeliveryItem>();
        var width = project.Tracks.Count >= 100 ? 3 : 2;
        foreach (var track in project.Tracks.OrderBy(t => t.Position).ThenBy(t => t.Title))
        {
            var folder = $"{track.Position.ToString().PadLeft(width, '0')} {FileEndpoints.SafeName(track.Title)}";
            foreach (var file in files.Where(f => f.RevisionId == track.ApprovedRevisionId).OrderBy(f => FormatOrder(f)).ThenBy(f => f.OriginalName))
                items.Add(new DeliveryItem(track, file, $"{folder}/{FileEndpoints.SafeName(file.OriginalName)}"));
        }
        return items;
    }

    /// <summary>The ZIP's name: the project's title, safe for a file name.</summary>
    public static string ZipName(Project project) => FileEndpoints.SafeName($"{project.Title} – masters.zip");

    /// <summary>How a deliverable is described to the client.</summary>
    public static string Describe(FileAsset file) => (file.Format, file.BitDepth) switch
    {
        ("mp3", _) => "MP3",
        ("aac", _) => "AAC (M4A)",
        (_, { } bits) when file.SampleRateHz is { } rate => $"WAV {bits}-bit {rate / 1000.0:0.#} kHz",
        _ => file.Format.ToUpperInvariant(),
    };

    static int FormatOrder(FileAsset f) => (f.Format, f.BitDepth) switch
    {
        ("wav", >= 24) => 0,
        ("wav", _) => 1,
        ("mp3", _) => 2,
        _ => 3,
    };
}
