using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// The album as the client hears it (issue 20 §2, docs/ALBUM.md): the engineer posts an assembly, the client comments at
/// album time (each comment lands on the track playing then, at its moment, on the revision the assembly used) and
/// approves the running order. Approval of each track's master stays on the track's own review page.
/// </summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Posts a finished assembly to the client. The engineer only (as for revisions), and only when every revision it was
    /// made from has been posted: the album must not let the client hear a master she has not been given.
    /// </summary>
    public async Task<ActionOutcome> PostAlbumAsync(ClaimsPrincipal user, Guid projectId, Guid assemblyId, string note, CancellationToken ct = default)
    {
        note = (note ?? "").Trim();
        if (note.Length > MaxCommentLength) return ActionOutcome.Refused($"Keep the note under {MaxCommentLength:N0} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (actor.Role != ActorRole.Engineer || !ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, project, actor))
            return ActionOutcome.Refused("Only the engineer posts the album to the client, from the first masters until delivery.");
        if (project.ArchivedAt is not null) return ActionOutcome.Refused(ArchivedNotice);
        var assembly = await db.AlbumAssemblies.FirstOrDefaultAsync(a => a.Id == assemblyId && a.ProjectId == projectId, ct);
        if (assembly is null) return ActionOutcome.NotYours;
        if (assembly.ReportJson is null) return ActionOutcome.Refused("This album has not finished assembling yet.");
        if (assembly.PostedAt is not null) return ActionOutcome.Done;
        var sequence = AlbumSequence.FromJson(assembly.SequenceJson);
        if (sequence is null) return ActionOutcome.Refused("This album's running order could not be read. Assemble it again.");
        var ids = sequence.Tracks.Select(t => t.RevisionId).ToList();
        var posted = await db.Revisions.AsNoTracking().Where(r => ids.Contains(r.Id) && r.PostedAt != null).Select(r => r.Id).ToListAsync(ct);
        if (sequence.Tracks.FirstOrDefault(t => !posted.Contains(t.RevisionId)) is { } unposted)
            return ActionOutcome.Refused($"Post revision {unposted.RevisionNumber} of \"{unposted.Title}\" first: the client hears the album only from masters she has been given.");

        assembly.PostedAt = clock.GetUtcNow();
        assembly.PostedNote = note;
        workflow.Note(project, actor, $"Album {assembly.Number} posted for review{(note.Length > 0 ? $": {note}" : ".")}");
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }

    /// <summary>The client approves the running order, gaps and transitions of the latest posted album.</summary>
    public async Task<ActionOutcome> ApproveSequenceAsync(ClaimsPrincipal user, Guid projectId, Guid assemblyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (actor.Role != ActorRole.Client) return ActionOutcome.Refused("The client approves the album's running order.");
        if (project.Status == ProjectStatus.Delivered || project.ArchivedAt is not null)
            return ActionOutcome.Refused("This project has been delivered; the running order is final.");
        var latest = await db.AlbumAssemblies.AsNoTracking().Where(a => a.ProjectId == projectId && a.PostedAt != null)
            .OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct);
        if (latest is null || latest.Id != assemblyId)
            return latest is null ? ActionOutcome.NotYours : ActionOutcome.Refused("A newer album has been posted. Listen to it, then approve.");
        if (project.SequenceApprovedAt is not null && project.SequenceApprovedAt >= latest.PostedAt) return ActionOutcome.Done;
        project.SequenceApprovedAt = clock.GetUtcNow();
        workflow.Note(project, actor, $"Running order of album {latest.Number} approved.");
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }

    /// <summary>
    /// A comment at a moment of a posted album (the studio: of any finished one): it lands on the track playing then (the
    /// later one in a crossfade, the next one in a pause), at the moment of its master, on the revision the album used.
    /// </summary>
    public async Task<(ActionOutcome Outcome, Guid? CommentId)> CommentOnAlbumAsync(ClaimsPrincipal user, Guid projectId, Guid assemblyId,
        double albumSeconds, string text, CancellationToken ct = default)
    {
        Guid revisionId;
        double trackSeconds;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var viewer = await db.ViewerAsync(user, ct);
            var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).FirstOrDefaultAsync(ct);
            if (viewer is null || project is null) return (ActionOutcome.NotYours, null);
            var assembly = await db.AlbumAssemblies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assemblyId && a.ProjectId == projectId
                && (a.PostedAt != null || viewer.IsTeam), ct);
            if (assembly is null) return (ActionOutcome.NotYours, null);
            if (AlbumReport.FromJson(assembly.ReportJson) is not { } report || AlbumSequence.FromJson(assembly.SequenceJson) is not { } sequence)
                return (ActionOutcome.Refused("This album has not finished assembling yet."), null);
            if (!double.IsFinite(albumSeconds) || albumSeconds < 0 || report.TrackAt(albumSeconds) is not { } at)
                return (ActionOutcome.Refused("That time is outside the album."), null);
            revisionId = sequence.Tracks.Single(t => t.TrackId == at.Track.TrackId).RevisionId;
            trackSeconds = at.Seconds;
        }
        return await CommentAsync(user, revisionId, trackSeconds, null, text, ct: ct);
    }
}
