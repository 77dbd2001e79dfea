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
            return new AttachedMaster(null, null, ActionOutcome.Refused(actor.Role != ActorRole.Client
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
                ProjectEventKind.FileAdded, EventAudience.Studio);
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

    /// <summary>
    /// The engineer's own file for one of the brief's formats of an uploaded master's revision (a 16-bit file they
    /// dithered themselves, an MP3 they encoded): it takes the place of the file the engine derived for that format,
    /// with its measured loudness and true peak in the revision's report, marked as the engineer's own.
    /// </summary>
    public async Task<(FileAsset? Asset, ActionOutcome Outcome)> AttachOwnDeliverableAsync(ClaimsPrincipal user, Guid revisionId,
        string deliverable, ArrivedFile file, (double? IntegratedLufs, double TruePeakDbtp) measured, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == file.ProjectId, ct);
        if (viewer is null || project is null) return (null, ActionOutcome.NotYours);
        if (!ProjectCapabilities.Allows(ProjectCapability.Render, project, viewer.AsActor()))
            return (null, ActionOutcome.Refused("This project is not open for new files: its masters are final."));
        var revision = await db.Revisions.Include(r => r.Track!).ThenInclude(t => t.Brief).Include(r => r.Files)
            .FirstOrDefaultAsync(r => r.Id == revisionId && r.TrackId == file.TrackId && r.Track!.ProjectId == project.Id, ct);
        if (revision is not { Origin: RevisionOrigin.UploadedMaster, Status: RevisionStatus.Ready }
            || RenderReport.FromJson(revision.RenderReportJson) is not { } report)
            return (null, ActionOutcome.Refused("Your own files go with an uploaded master once its checks have finished."));
        if (report.Files.All(f => f.Kind != deliverable))
            return (null, ActionOutcome.Refused("The brief does not ask for this format, so there is no file of it to replace."));

        var master = report.Files.First(f => f.Kind == "wav24").FileAssetId;
        var replaced = report.Files.First(f => f.Kind == deliverable).FileAssetId;
        // The file it replaces goes, unless it is the uploaded master itself (a 16-bit master serving as the CD file).
        if (replaced != master && revision.Files.FirstOrDefault(f => f.Id == replaced) is { } old) db.FileAssets.Remove(old);
        var asset = NewAsset(file, viewer.UserId);
        asset.RevisionId = revision.Id;
        db.FileAssets.Add(asset);
        var files = report.Files.Select(f => f.Kind == deliverable
            ? new RenderReportFile(deliverable, asset.Id, measured.IntegratedLufs, measured.TruePeakDbtp, EngineersOwn: true)
            : f).ToList();
        revision.RenderReportJson = (report with { Files = files }).ToJson();
        workflow.Note(project, viewer.AsActor(),
            $"The engineer's own {deliverable.ToUpperInvariant()} file \"{file.FileName}\" replaces the derived one in revision {revision.Number} of \"{revision.Track!.Title}\".",
            ProjectEventKind.FileAdded, EventAudience.Studio);
        var outcome = await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Revision, revision.Id)], ct);
        return outcome.Succeeded ? (asset, outcome) : (null, outcome);
    }
}
