using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>Sample masters: the client asks for one, the engineer posts it, the client goes ahead (Workflow/ProjectWorkflow.Samples).</summary>
public sealed partial class ProjectCommands
{
    public const int SampleNoteMaxLength = 2000;

    /// <summary>The client (or the engineer for them) asks for a sample of the project's one mix; the studio is notified.</summary>
    public async Task<ActionOutcome> RequestSampleAsync(ClaimsPrincipal user, Guid projectId, string? note, CancellationToken ct = default)
    {
        if (note?.Trim().Length > SampleNoteMaxLength) return ActionOutcome.Refused($"Keep the note under {SampleNoteMaxLength:N0} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var studio = await db.Studios.FirstAsync(s => s.Id == project.StudioId, ct);
        try
        {
            workflow.RequestSample(project, studio, viewer.AsActor(), note);
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }

    /// <summary>The engineer posts a finished sample to the client (who is notified, as for a revision).</summary>
    public async Task<ActionOutcome> PostSampleAsync(ClaimsPrincipal user, Guid projectId, Guid revisionId, string? note, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        var revision = project?.Tracks.SelectMany(t => t.Revisions).FirstOrDefault(r => r.Id == revisionId);
        if (viewer is null || project is null || revision is null) return ActionOutcome.NotYours;
        // A client never learns of an unposted sample: the same answer as for a revision that does not exist.
        if (viewer.AsActor().Role == ActorRole.Client && revision.PostedAt is null) return ActionOutcome.NotYours;
        if (note?.Trim().Length > 4000) return ActionOutcome.Refused("Keep the note under 4,000 characters.");
        try
        {
            workflow.PostSample(project, revision, viewer.AsActor(), string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        return await SaveAndPublishAsync(db,
            [Change(project.Id, ProjectChangeKind.Project, null), Change(project.Id, ProjectChangeKind.Revision, revision.Id)], ct);
    }

    /// <summary>
    /// The client goes ahead after hearing the sample, when the studio asks for no deposit online: the project is
    /// submitted with the mix in place. With a card deposit to pay, the checkout's fulfilment commits instead.
    /// </summary>
    public async Task<ActionOutcome> CommitAfterSampleAsync(ClaimsPrincipal user, Guid projectId, bool cardPaymentsOn, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var studio = await db.Studios.FirstAsync(s => s.Id == project.StudioId, ct);
        if (cardPaymentsOn && ProjectWorkflow.SampleDeposit(studio, project).AmountMinor > 0)
            return ActionOutcome.Refused("The studio asks for a deposit to go ahead: pay it by card, and the project starts when it arrives.");
        try
        {
            workflow.CommitAfterSample(project, studio, viewer.AsActor());
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }
}
