using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>The attached master and its new revision, or why it was not attached.</summary>
public sealed record AttachedMaster(FileAsset? Asset, Guid? RevisionId, ActionOutcome Outcome);

/// <summary>Masters made on the engineer's own chain: each upload is a new revision of its track.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Makes the uploaded master a new revision of the track (origin "uploaded master", the file kept as it arrived),
    /// and queues the job that analyses and checks it, makes the client's preview and derives the brief's other files.
    /// One save holds the revision, its file and, on a submitted project, the start of the work, as a render's does.
    /// </summary>
    public async Task<AttachedMaster> AttachMasterAsync(ClaimsPrincipal user, ArrivedFile file, IPortalJobs jobs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == file.ProjectId).Include(p => p.Tracks).FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == file.TrackId) is not { } track)
            return new AttachedMaster(null, null, ActionOutcome.NotYours);
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(ProjectCapability.Render, project, actor))
            return new AttachedMaster(null, null, ActionOutcome.Refused(actor.Role == ActorRole.Engineer
                ? "This project is not open for new revisions: masters can be added from submission until the client approves."
                : "Only the engineer can add a master."));

        var number = await db.Revisions.Where(r => r.TrackId == track.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var revision = new Revision
        {
            TrackId = track.Id, Number = number + 1, Origin = RevisionOrigin.UploadedMaster, Status = RevisionStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
        };
        var asset = NewAsset(file with { Kind = FileAssetKind.Master }, viewer.UserId);
        asset.RevisionId = revision.Id;
        var startsWork = project.Status == ProjectStatus.Submitted;
        try
        {
            if (startsWork) workflow.StartWork(project, actor);
            db.Revisions.Add(revision);
            db.FileAssets.Add(asset);
            workflow.Note(project, actor, $"Revision {revision.Number} of \"{track.Title}\" uploaded from the engineer's own chain: \"{file.FileName}\".",
                ProjectEventKind.FileAdded);
            await db.SaveChangesAsync(ct);
        }
        catch (WorkflowException refused)
        {
            return new AttachedMaster(null, null, ActionOutcome.Refused(refused.Message));
        }
        catch (DbUpdateException)
        {
            return new AttachedMaster(null, null, ActionOutcome.Conflict);
        }
        // The job publishes its own changes (queued, progress, finished); the revision and the project's start are published here.
        await jobs.QueueRenderAsync(revision.Id, ct);
        await PublishAsync([Change(project.Id, ProjectChangeKind.Revision, revision.Id), Change(project.Id, ProjectChangeKind.Project, null)]);
        return new AttachedMaster(asset, revision.Id, ActionOutcome.Done);
    }
}
