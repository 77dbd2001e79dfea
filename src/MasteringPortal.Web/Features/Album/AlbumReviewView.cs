using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Files;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Album;

/// <summary>A comment on one of the album's masters, placed at album time.</summary>
public sealed record AlbumComment(double AlbumSeconds, string TrackTitle, double TrackSeconds, string Author, string Text);

/// <summary>
/// What the album review page shows: the album a viewer may hear (a client: the latest posted one; the studio: the latest
/// posted, else the latest finished), its report, the file to play (the preview before payment, the programme after), and
/// the comments on the masters it was made from, each placed at album time.
/// </summary>
public sealed class AlbumReviewView
{
    public required Project Project { get; init; }
    public required PortalViewer Viewer { get; init; }
    public AlbumAssembly? Assembly { get; init; }
    public AlbumReport? Report { get; init; }
    public FileAsset? Audio { get; init; }
    public IReadOnlyList<AlbumComment> Comments { get; init; } = [];

    public bool CanPost => Viewer.AsActor().Role == ActorRole.Engineer
                           && ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, Project, Viewer.AsActor()) && Project.ArchivedAt is null;

    public static async Task<AlbumReviewView?> LoadAsync(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal user, Guid projectId,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (viewer is null || project is null) return null;

        var finished = db.AlbumAssemblies.AsNoTracking().Where(a => a.ProjectId == projectId && a.ReportJson != null);
        var assembly = await finished.Where(a => a.PostedAt != null).OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct)
                       ?? (viewer.IsTeam ? await finished.OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct) : null);
        var report = AlbumReport.FromJson(assembly?.ReportJson);
        var sequence = AlbumSequence.FromJson(assembly?.SequenceJson);
        if (assembly is null || report is null || sequence is null) return new AlbumReviewView { Project = project, Viewer = viewer };

        // The programme once it may be heard in full resolution (the same rule as any master), the preview before.
        FileAsset? audio = null;
        if (assembly.ProgrammeFileId is { } programmeId && (await FileAccessRules.DecideAsync(db, viewer, programmeId, ct)) is (FileDecision.Allowed, { } programme))
            audio = programme;
        if (audio is null && assembly.PreviewFileId is { } previewId && (await FileAccessRules.DecideAsync(db, viewer, previewId, ct)).File is { } preview)
            audio = preview;

        var revisionIds = sequence.Tracks.Select(t => t.RevisionId).ToList();
        var comments = await db.Comments.AsNoTracking().Where(c => c.RevisionId != null && revisionIds.Contains(c.RevisionId.Value) && c.DeletedAt == null)
            .Select(c => new { c.RevisionId, c.StartSeconds, c.Text, Author = c.Author!.DisplayName, c.CreatedAt })
            .ToListAsync(ct);
        var placed = new List<AlbumComment>();
        foreach (var c in comments.OrderBy(c => c.CreatedAt))
        {
            var entry = sequence.Tracks.First(t => t.RevisionId == c.RevisionId);
            var track = report.Tracks.FirstOrDefault(t => t.TrackId == entry.TrackId);
            if (track is null) continue;
            var at = track.StartSeconds + c.StartSeconds - track.TrimStartSeconds;
            if (at < track.StartSeconds || at >= track.EndSeconds) continue; // in a trimmed part: not heard on the album
            placed.Add(new AlbumComment(Math.Round(at, 2), track.Title, c.StartSeconds, c.Author, c.Text));
        }
        return new AlbumReviewView
        {
            Project = project, Viewer = viewer, Assembly = assembly, Report = report, Audio = audio,
            Comments = placed.OrderBy(c => c.AlbumSeconds).ToList(),
        };
    }
}
