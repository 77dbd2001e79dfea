using System.Security.Claims;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
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
    public Task<ActionOutcome> QueueRenderAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, Guid mixId,
        RenderSettings settings, IPortalJobs jobs, CancellationToken ct = default) =>
        QueueRenderAsync(user, projectId, trackId, mixId, settings, null, jobs, ct);

    /// <inheritdoc cref="QueueRenderAsync(ClaimsPrincipal, Guid, Guid, Guid, RenderSettings, IPortalJobs, CancellationToken)"/>
    /// <param name="match">The reference match the chain came from, recorded with the revision (null: set by hand); a match
    /// run's record and report are read from the run (<see cref="MatchRecordAsync"/>).</param>
    /// <param name="sample">For a sample master (the project is an open sample request): the passage of the mix to render.</param>
    public async Task<ActionOutcome> QueueRenderAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, Guid mixId,
        RenderSettings settings, RevisionMatch? match, IPortalJobs jobs, CancellationToken ct = default, SamplePassage? sample = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (WhyNotRender(project, actor, sample is not null) is { } refusal) return ActionOutcome.Refused(refusal);
        if (track.CurrentMixId != mixId)
            return ActionOutcome.Refused("A new mix arrived for this track a moment ago. The page now shows it; check it and render again.");
        var mix = await db.FileAssets.AsNoTracking().Where(f => f.Id == mixId).Select(f => new { f.SampleRateHz, f.Channels, f.Sha256, f.DurationSeconds }).FirstAsync(ct);
        // The server checks the settings again, whatever the page's editor said.
        var problems = RenderSettingsValidator.Validate(settings, mix.SampleRateHz ?? 44100, mix.Channels ?? 2);
        if (sample is not null && sample.WhyNot(mix.DurationSeconds) is { } badPassage) problems = [.. problems, badPassage];
        if (problems.Count > 0) return ActionOutcome.Refused(string.Join(" ", problems));

        var number = await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var record = await MatchRecordAsync(db, trackId, match, ct);
        var revision = new Revision
        {
            TrackId = trackId, Number = number + 1, SettingsJson = settings.ToJson(), Status = RevisionStatus.Queued, CreatedAt = clock.GetUtcNow(),
            SourceMixId = mixId, SourceMixSha256 = mix.Sha256, MatchJson = record?.ToJson(),
            SampleStartSeconds = sample?.StartSeconds, SampleLengthSeconds = sample?.LengthSeconds,
        };
        return await SaveAndQueueAsync(db, project, actor, revision, jobs, ct);
    }

    /// <summary>
    /// Why this actor may not render now: a revision from submission until approval, a sample (only) while the project
    /// is an open sample request; the engineer and assistants only. Null when they may.
    /// </summary>
    static string? WhyNotRender(Project project, WorkflowActor actor, bool sample)
    {
        if (actor.Role == ActorRole.Client) return "Only the engineer can render a revision.";
        if (ProjectWorkflow.IsOpenSample(project))
            return sample && ProjectCapabilities.OwnsProject(actor, project) ? null
                : "This project is a sample request: render a sample of a passage; full revisions follow once the client goes ahead.";
        if (sample) return "A sample is rendered only while the client is deciding whether to go ahead.";
        return ProjectCapabilities.Allows(ProjectCapability.Render, project, actor) ? null : "This project is not open for rendering.";
    }

    /// <summary>
    /// Renders a revision again exactly as it was made: a new revision with the same mix (by id and content hash, even
    /// when the client has sent a newer one since), the same settings document and the same match record. The engine
    /// is deterministic (the dither has its seed in the settings), so the master comes out byte for byte the same.
    /// </summary>
    public async Task<ActionOutcome> RenderAgainAsync(ClaimsPrincipal user, Guid projectId, Guid revisionId, IPortalJobs jobs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).FirstOrDefaultAsync(ct);
        var original = project is null ? null
            : await db.Revisions.AsNoTracking().Where(r => r.Id == revisionId && r.Track!.ProjectId == project.Id).FirstOrDefaultAsync(ct);
        if (viewer is null || project is null || original is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (WhyNotRender(project, actor, original.IsSample) is { } refusal) return ActionOutcome.Refused(refusal);
        if (original.Origin != RevisionOrigin.Rendered)
            return ActionOutcome.Refused("An uploaded master was made on your own chain: there is nothing for the portal to render again.");
        var mixId = original.SourceMixId;
        var mix = mixId is null ? null : await db.FileAssets.AsNoTracking().FirstOrDefaultAsync(f => f.Id == mixId, ct);
        if (mix is null)
            return ActionOutcome.Refused($"Revision {original.Number} was made before the portal recorded its mix, so it cannot be rendered again exactly.");
        if (mix.RemovedAt is not null)
            return ActionOutcome.Refused($"The mix revision {original.Number} was made from has been removed under the studio's retention rules.");

        var number = await db.Revisions.Where(r => r.TrackId == original.TrackId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        var revision = new Revision
        {
            TrackId = original.TrackId, Number = number + 1, SettingsJson = original.SettingsJson, Status = RevisionStatus.Queued,
            CreatedAt = clock.GetUtcNow(), SourceMixId = mix.Id, SourceMixSha256 = original.SourceMixSha256 ?? mix.Sha256,
            MatchJson = original.MatchJson, RenderedAgainFromId = original.Id,
            SampleStartSeconds = original.SampleStartSeconds, SampleLengthSeconds = original.SampleLengthSeconds,
        };
        return await SaveAndQueueAsync(db, project, actor, revision, jobs, ct);
    }

    /// <summary>One save holds the revision and, on a submitted project, the start of the work; then the render is queued.</summary>
    async Task<ActionOutcome> SaveAndQueueAsync(PortalDbContext db, Project project, WorkflowActor actor, Revision revision, IPortalJobs jobs, CancellationToken ct)
    {
        var startsWork = project.Status == ProjectStatus.Submitted;
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
