using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>"Send back to mixing": the engineer asks the client for a new mix of one track.</summary>
public sealed partial class ProjectCommands
{
    public const int NewMixNoteMaxLength = 4000;

    /// <summary>
    /// Records the request on the track (which lets the client upload a mix for it while mastering), a line in the
    /// shared timeline with the note, and the client's notification, in one save. The revisions made so far keep the
    /// mix they were made from. Only the engineer speaks to the client like this, from submission until approval.
    /// </summary>
    public async Task<ActionOutcome> SendBackToMixingAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, string note, CancellationToken ct = default)
    {
        note = note.Trim();
        if (note.Length == 0) return ActionOutcome.Refused("Say what the mix needs, so the client knows what to change.");
        if (note.Length > NewMixNoteMaxLength) return ActionOutcome.Refused($"Keep the note under {NewMixNoteMaxLength:N0} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (actor.Role != ActorRole.Engineer)
            return ActionOutcome.Refused(actor.Role == ActorRole.Client
                ? "Only the engineer can ask for a new mix. To send one, write to the engineer in the comments."
                : "Only the studio's engineer asks the client for a new mix.");
        if (!ProjectCapabilities.Allows(ProjectCapability.Render, project, actor))
            return ActionOutcome.Refused("A new mix can be asked for while the track is being mastered, before the client approves.");
        if (track.CurrentMixId is null) return ActionOutcome.Refused("This track has no mix yet: the client's first upload is still awaited.");

        track.NewMixRequestedAt = clock.GetUtcNow();
        track.NewMixRequestNote = note;
        workflow.Note(project, actor, $"\"{track.Title}\" was sent back to mixing: {note}", ProjectEventKind.NewMixRequested);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Conflict;
        }
        await PublishAsync([Change(project.Id, ProjectChangeKind.Project, null)]);
        return ActionOutcome.Done;
    }
}
