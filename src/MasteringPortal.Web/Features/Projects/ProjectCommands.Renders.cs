using System.Security.Claims;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>The engineer's renders: a new revision of a track, queued as a job.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Saves a new revision of the track with these settings and queues its render. One save holds the revision and,
    /// on a submitted project, the start of the work (the engineer evidently has started). <paramref name="mixId"/> is
    /// the mix the engineer saw: a newer one refuses, so nobody renders a mix they have not heard.
    /// </summary>
    public async Task<ActionOutcome> QueueRenderAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, Guid mixId,
        RenderSettings settings, IPortalJobs jobs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(ProjectCapability.Render, project, actor))
            return ActionOutcome.Refused(actor.Role != ActorRole.Client
                ? "This project is not open for rendering."
                : "Only the engineer can render a revision.");
        if (track.CurrentMixId != mixId)
            return ActionOutcome.Refused("A new mix arrived for this track a moment ago. The page now shows it; check it and render again.");
        var mix = await db.FileAssets.AsNoTracking().Where(f => f.Id == mixId).Select(f => new { f.SampleRateHz, f.Channels }).FirstAsync(ct);
        // The server checks the settings again, whatever the page's editor said.
        var problems = RenderSettingsValidator.Validate(settings, mix.SampleRateHz ?? 44100, mix.Channels ?? 2);
        if (problems.Count > 0) return ActionOutcome.Refused(string.Join(" ", problems));

        var startsWork = project.Status == ProjectStatus.Submitted;
        var number = await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var revision = new Revision
        {
            TrackId = trackId, Number = number + 1, SettingsJson = settings.ToJson(), Status = RevisionStatus.Queued, CreatedAt = clock.GetUtcNow(),
            SourceMixId = mixId,
        };
        try
        {
            if (startsWork) workflow.StartWork(project, actor);
            db.Revisions.Add(revision);
            await db.SaveChangesAsync(ct);
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        catch (DbUpdateException)
        {
            return ActionOutcome.Conflict;
        }
        // The job publishes its own changes (queued, progress, finished); the project's start is published here.
        await jobs.QueueRenderAsync(revision.Id, ct);
        if (startsWork) await PublishAsync([Change(project.Id, ProjectChangeKind.Project, null)]);
        return ActionOutcome.Done;
    }
}
