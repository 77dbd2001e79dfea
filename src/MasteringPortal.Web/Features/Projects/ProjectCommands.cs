using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// The one path for a change to a project: a DbContext of its own per call, the user read from the database and
/// checked against the project (<see cref="ProjectAccess"/>), the capabilities table and the workflow's transition,
/// one save guarded by the project's concurrency token (with the timeline event the workflow appended), and then,
/// only after the save, the change published on the <see cref="IProjectChangeFeed"/>. Pages and endpoints call it;
/// they never save project state themselves. Comments are in the other half of this class.
/// </summary>
public sealed partial class ProjectCommands(IDbContextFactory<PortalDbContext> dbFactory, ProjectWorkflow workflow,
    PaymentFulfilment fulfilment, IProjectChangeFeed changes, TimeProvider clock, ILogger<ProjectCommands> logger)
{
    /// <summary>
    /// One workflow action. <paramref name="revisionIds"/> names the revisions to post or approve; without it the
    /// project page's defaults apply: post the oldest finished revision not posted yet, approve each track's newest
    /// posted revision. <paramref name="timelineNotes"/> are added to the timeline in the same save (the problems the
    /// client chose to go ahead with, on submission).
    /// </summary>
    public async Task<ActionOutcome> RunAsync(ClaimsPrincipal user, Guid projectId, ProjectAction action, string? notes = null,
        int extraRounds = 1, IReadOnlyList<Guid>? revisionIds = null, IReadOnlyList<string>? timelineNotes = null,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .Include(p => p.Payments)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        // The table answers first: a client never reaches an engineer's command, at any stage. Whether the stage allows
        // it is the workflow's to say, with the reason in the words that fit the revision at hand.
        if (ProjectWorkflow.WhyNotActor(action, project, actor) is { } refusal) return ActionOutcome.Refused(refusal);
        if (action == ProjectAction.MarkPaid) return await MarkPaidAsync(project, actor, notes, ct);

        var studio = await db.Studios.FirstAsync(s => s.Id == project.StudioId, ct);
        var published = new List<ProjectChange> { Change(project.Id, ProjectChangeKind.Project, null) };
        try
        {
            foreach (var revision in Take(action, project, studio, actor, notes, extraRounds, revisionIds, timelineNotes))
                published.Add(Change(project.Id, ProjectChangeKind.Revision, revision.Id));
            await db.SaveChangesAsync(ct);
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Conflict;
        }
        await PublishAsync(published);
        return ActionOutcome.Done;
    }

    /// <summary>Takes the action on the loaded project; returns the revisions it posted or approved.</summary>
    IReadOnlyList<Revision> Take(ProjectAction action, Project project, Studio studio, WorkflowActor actor, string? notes,
        int extraRounds, IReadOnlyList<Guid>? revisionIds, IReadOnlyList<string>? timelineNotes)
    {
        switch (action)
        {
            case ProjectAction.Submit:
                workflow.Submit(project, studio, actor);
                foreach (var line in timelineNotes ?? []) workflow.Note(project, actor, line);
                return [];
            case ProjectAction.StartWork: workflow.StartWork(project, actor); return [];
            case ProjectAction.PostRevision:
                var toPost = Revisions(project, revisionIds, actor) ?? [ProjectRevisions.ReadyToPost(project)
                    ?? throw new WorkflowException("There is no finished revision to post yet.")];
                foreach (var revision in toPost) workflow.PostRevision(project, revision, actor, notes);
                return toPost;
            case ProjectAction.RequestChanges:
                if (string.IsNullOrWhiteSpace(notes)) throw new WorkflowException("Tell the engineer what should change.");
                if (notes.Trim().Length > 4000) throw new WorkflowException("Keep the notes under 4,000 characters.");
                workflow.RequestChanges(project, studio, actor, notes);
                return [];
            case ProjectAction.Approve:
                var toApprove = Revisions(project, revisionIds, actor) ?? ProjectRevisions.ToApprove(project);
                if (toApprove.Count == 0) throw new WorkflowException("There is no posted revision to approve yet.");
                foreach (var revision in toApprove) workflow.Approve(project, revision, actor);
                return toApprove;
            case ProjectAction.Deliver: workflow.Deliver(project, actor); return [];
            case ProjectAction.GrantExtraRounds: workflow.GrantExtraRounds(project, studio, actor, extraRounds); return [];
            default: throw new WorkflowException("This cannot be done here.");
        }
    }

    /// <summary>The named revisions of the project; a revision the client has not been shown does not exist for them.</summary>
    static IReadOnlyList<Revision>? Revisions(Project project, IReadOnlyList<Guid>? ids, WorkflowActor actor)
    {
        if (ids is null) return null;
        var all = project.Tracks.SelectMany(t => t.Revisions).ToDictionary(r => r.Id);
        return ids.Select(id => all.TryGetValue(id, out var r) && (actor.Role != ActorRole.Client || r.PostedAt is not null)
                ? r
                : throw new WorkflowException("This revision does not exist, or it is not yours to see."))
            .ToList();
    }

    /// <summary>
    /// The engineer records money received outside the portal (bank transfer, cash) through the same fulfilment as
    /// a card payment: one payment row, the move to Paid and its timeline event; the fulfilment publishes the change.
    /// </summary>
    async Task<ActionOutcome> MarkPaidAsync(Project project, WorkflowActor actor, string? reference, CancellationToken ct)
    {
        var outcome = await fulfilment.FulfilAsync(new PaymentConfirmation(project.Id, PaymentMethod.Manual, null, Core.Pricing.ProjectBalance.DueMinor(project),
            project.Currency, string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), actor), received: null, ct);
        return outcome.Kind == PaymentOutcomeKind.Paid ? ActionOutcome.Done : ActionOutcome.Refused(outcome.Message);
    }

    ProjectChange Change(Guid projectId, ProjectChangeKind kind, Guid? subjectId) => new(projectId, kind, subjectId, clock.GetUtcNow());

    /// <summary>After the save: a failed publish never undoes the change (pages catch up when they next read it).</summary>
    /// <summary>One save under the concurrency tokens; only when it held, the changes go on the feed.</summary>
    async Task<ActionOutcome> SaveAndPublishAsync(PortalDbContext db, IReadOnlyList<ProjectChange> published, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Conflict;
        }
        await PublishAsync(published);
        return ActionOutcome.Done;
    }

    async Task PublishAsync(IEnumerable<ProjectChange> published)
    {
        foreach (var change in published)
        {
            try
            {
                await changes.PublishAsync(change);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Publishing a {Kind} change of project {ProjectId} failed", change.Kind, change.ProjectId);
            }
        }
    }
}
