using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Files;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>One file of the delivery: the stored master and its place in the ZIP ("01 Glasshouse/Glasshouse – revision 1.wav").</summary>
/// <param name="Provenance">For a revision uploaded from the engineer's own chain, which file is which (their master,
/// their own file for a format, or one the portal derived from their master); null for a rendered revision.</param>
public sealed record DeliveryItem(Track Track, FileAsset File, string EntryName, string? Provenance = null);

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
        if (!ProjectCapabilities.Allows(ProjectCapability.DownloadMasters, project, viewer.AsActor().Role))
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
        var uploadedMasters = await db.Revisions.AsNoTracking()
            .Where(r => approved.Contains(r.Id) && r.Origin == RevisionOrigin.UploadedMaster).Select(r => r.Id).ToListAsync(ct);
        var items = new List<DeliveryItem>();
        var width = project.Tracks.Count >= 100 ? 3 : 2;
        foreach (var track in project.Tracks.OrderBy(t => t.Position).ThenBy(t => t.Title))
        {
            var folder = $"{track.Position.ToString().PadLeft(width, '0')} {FileEndpoints.SafeName(track.Title)}";
            foreach (var file in files.Where(f => f.RevisionId == track.ApprovedRevisionId).OrderBy(f => FormatOrder(f)).ThenBy(f => f.OriginalName))
                items.Add(new DeliveryItem(track, file, $"{folder}/{FileEndpoints.SafeName(file.OriginalName)}",
                    uploadedMasters.Contains(file.RevisionId!.Value) ? Provenance(file, files) : null));
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
        (_, { } bits) when file.SampleRateHz is { } rate => $"{Container(file.Format)} {bits}-bit {rate / 1000.0:0.#} kHz",
        _ => file.Format.ToUpperInvariant(),
    };

    static string Container(string format) => format switch
    {
        "wav" or "rf64" or "bw64" => "WAV",
        "aiff" or "aifc" => "AIFF",
        _ => format.ToUpperInvariant(),
    };

    /// <summary>Which file of an uploaded master's revision this is: the engineer's master, their own file, or derived by the portal.</summary>
    static string Provenance(FileAsset file, IReadOnlyList<FileAsset> files)
    {
        if (file.UploadedById is null) return "derived by the portal from the engineer's master";
        var master = files.Where(f => f.RevisionId == file.RevisionId && f.UploadedById is not null).MinBy(f => f.CreatedAt);
        return master?.Id == file.Id ? "the engineer's master" : "the engineer's own file";
    }

    /// <summary>The master first (WAV, AIFF or FLAC at 24 bits or more), then the 16-bit file, MP3, AAC.</summary>
    static int FormatOrder(FileAsset f) => (f.Format, f.BitDepth) switch
    {
        ("mp3", _) => 2,
        ("aac", _) => 3,
        (_, >= 24) => 0,
        _ => 1,
    };
}
