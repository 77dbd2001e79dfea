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

    /// <summary>The comments on the project's revisions the caller may see, oldest first; null when the project is not theirs.</summary>
    public static async Task<IReadOnlyList<ApiComment>?> CommentsAsync(PortalDbContext db, PortalViewer? viewer, Guid projectId, CancellationToken ct)
    {
        if (viewer is null || !await db.CanViewAsync(viewer, projectId, ct)) return null;
        var clientView = !viewer.IsTeam;
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.Revision!.Track!.ProjectId == projectId && (!clientView || c.Revision.PostedAt != null))
            .OrderBy(c => c.CreatedAt)
            .Select(c => new ApiComment(c.Id, c.Revision!.TrackId, c.RevisionId!.Value, c.Revision.Number, c.ParentId,
                c.Author!.DisplayName, c.StartSeconds, c.EndSeconds, c.Text, c.Resolved, c.CreatedAt))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>Clients never learn of a revision the engineer has not posted.</summary>
    static bool Visible(PortalViewer viewer, Revision revision) => viewer.IsTeam || revision.PostedAt is not null;
}
