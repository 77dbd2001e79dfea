using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Dashboard;
using MasteringPortal.Web.Features.Workspace;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.ApiV1;

/// <summary>
/// Reads /api/v1's documents through the access rules: projects from <see cref="ProjectAccess.VisibleProjects"/>
/// (a project the caller may not see is simply not there), and for a client only the revisions the engineer posted,
/// with their comments. Each call reads from the caller's own context.
/// </summary>
public static class ApiV1Queries
{
    public static async Task<IReadOnlyList<ApiProject>> ProjectsAsync(PortalDbContext db, PortalViewer? viewer, CancellationToken ct)
    {
        var rows = await db.VisibleProjects(viewer).AsNoTracking()
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => new { p.Id, p.Title, p.Kind, p.Status, Client = p.Client!.Name, p.DueDate, Tracks = p.Tracks.Count })
            .ToListAsync(ct);
        return rows.Select(p => new ApiProject(p.Id, p.Title, p.Kind.ToString(), p.Status.ToString(), StatusText.Label(p.Status),
            p.Client, p.DueDate, p.Tracks)).ToList();
    }

    /// <summary>The project's tracks in running order; null when the caller may not see the project.</summary>
    public static async Task<IReadOnlyList<ApiTrack>?> TracksAsync(PortalDbContext db, PortalViewer? viewer, Guid projectId, CancellationToken ct)
    {
        if (viewer is null || !await db.CanViewAsync(viewer, projectId, ct)) return null;
        var tracks = await db.Tracks.AsNoTracking().Where(t => t.ProjectId == projectId).Include(t => t.Revisions)
            .OrderBy(t => t.Position).ToListAsync(ct);
        var mixIds = tracks.Where(t => t.CurrentMixId is not null).Select(t => t.CurrentMixId!.Value).ToList();
        var mixes = await db.FileAssets.AsNoTracking().Where(f => mixIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => f.OriginalName, ct);
        return tracks.Select(t => new ApiTrack(t.Id, t.Title, t.Position,
                t.CurrentMixId is { } mix && mixes.TryGetValue(mix, out var name) ? new ApiMix(mix, name) : null,
                t.Revisions.Where(r => Visible(viewer, r)).OrderBy(r => r.Number)
                    .Select(r => new ApiRevisionSummary(r.Id, r.Number, r.Status.ToString(), r.CreatedAt, r.PostedAt)).ToList()))
            .ToList();
    }

    /// <summary>One revision of the project; null when the project or the revision is not the caller's to see.</summary>
    public static async Task<ApiRevision?> RevisionAsync(PortalDbContext db, PortalViewer? viewer, Guid projectId, Guid revisionId,
        CancellationToken ct)
    {
        if (viewer is null || !await db.CanViewAsync(viewer, projectId, ct)) return null;
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Track).Include(r => r.Files)
            .FirstOrDefaultAsync(r => r.Id == revisionId && r.Track!.ProjectId == projectId, ct);
        if (revision is null || !Visible(viewer, revision)) return null;
        var master = WorkspaceSession.MasterOf(revision);
        var analysis = master is null ? null : await db.Analyses.AsNoTracking().Where(a => a.FileAssetId == master.Id)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        return new ApiRevision(revision.Id, projectId, revision.TrackId, revision.Number, revision.Status.ToString(), revision.ProgressPercent,
            revision.FailureReason, revision.EngineerNote, revision.CreatedAt, revision.PostedAt,
            master is null ? null : new ApiMaster(master.Id, master.OriginalName, master.Format, master.SampleRateHz, master.BitDepth,
                master.Channels, master.DurationSeconds, analysis?.IntegratedLufs, analysis?.TruePeakDbtp, analysis?.LoudnessRangeLu),
            RevisionChecks.Of(revision, analysis));
    }

    /// <summary>
    /// The comments the caller may see on the project's revisions (a client: posted ones only), mixes and references,
    /// oldest first; null when the project is not theirs. A comment on a file names the track whose mix or brief
    /// reference the file is, or no track when none names it any more (a reference taken out of the brief).
    /// </summary>
    public static async Task<IReadOnlyList<ApiComment>?> CommentsAsync(PortalDbContext db, PortalViewer? viewer, Guid projectId, CancellationToken ct)
    {
        if (viewer is null || !await db.CanViewAsync(viewer, projectId, ct)) return null;
        var clientView = !viewer.IsTeam;
        var onRevisions = await db.Comments.AsNoTracking()
            .Where(c => c.Revision!.Track!.ProjectId == projectId && (!clientView || c.Revision.PostedAt != null))
            .Select(c => new ApiComment(c.Id, (Guid?)c.Revision!.TrackId, "revision", c.RevisionId, c.Revision.Number, null, c.ParentId,
                c.Author!.DisplayName, c.StartSeconds, c.EndSeconds, c.Text, c.Resolved, c.CreatedAt, c.EditedAt, c.DeletedAt != null))
            .ToListAsync(ct);
        var onFiles = await db.Comments.AsNoTracking()
            .Where(c => c.FileAsset!.ProjectId == projectId)
            .Select(c => new { Comment = c, c.FileAsset!.Kind, c.FileAsset.TrackId, Author = c.Author!.DisplayName })
            .ToListAsync(ct);
        var referenceTracks = (await db.Briefs.AsNoTracking().Include(b => b.References).Where(b => b.Track!.ProjectId == projectId).ToListAsync(ct))
            .SelectMany(b => b.References.Where(r => r.FileAssetId != null).Select(r => (FileId: r.FileAssetId!.Value, b.TrackId)))
            .GroupBy(r => r.FileId).ToDictionary(g => g.Key, g => g.First().TrackId);
        var mixTracks = await db.Tracks.AsNoTracking().Where(t => t.ProjectId == projectId && t.CurrentMixId != null)
            .ToDictionaryAsync(t => t.CurrentMixId!.Value, t => t.Id, ct);
        foreach (var row in onFiles)
        {
            var c = row.Comment;
            Guid? trackId = row.Kind == FileAssetKind.Reference
                ? referenceTracks.TryGetValue(c.FileAssetId!.Value, out var t) ? t : null
                : row.TrackId ?? (mixTracks.TryGetValue(c.FileAssetId!.Value, out var m) ? m : null);
            onRevisions.Add(new ApiComment(c.Id, trackId, row.Kind == FileAssetKind.Reference ? "reference" : "mix", null, null,
                c.FileAssetId, c.ParentId, row.Author, c.StartSeconds, c.EndSeconds, c.Text, c.Resolved, c.CreatedAt, c.EditedAt,
                c.DeletedAt != null));
        }
        return onRevisions.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
    }

    /// <summary>Clients never learn of a revision the engineer has not posted.</summary>
    static bool Visible(PortalViewer viewer, Revision revision) => viewer.IsTeam || revision.PostedAt is not null;
}
