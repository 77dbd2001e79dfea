using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// What a person does on the review page: comment (at a time or over a range, reply, resolve), request changes,
/// approve. Every call reads the user and their access from the database again, saves, then pushes the change to
/// the project's open pages. Refusals come back as plain sentences.
/// </summary>
public sealed class ReviewActions(IDbContextFactory<PortalDbContext> dbFactory, ReviewPushes pushes, TimeProvider clock)
{
    public const int MaxCommentLength = 5000;

    static readonly ActionOutcome NotYours = ActionOutcome.Refused("This revision does not exist, or it is not yours to see.");

    /// <summary>Adds a comment (or, with <paramref name="parentId"/>, a reply to a thread) on a revision.</summary>
    public async Task<(ActionOutcome Outcome, Guid? CommentId)> CommentAsync(ClaimsPrincipal user, Guid revisionId, double startSeconds,
        double? endSeconds, string text, Guid? parentId = null, CancellationToken ct = default)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) return (ActionOutcome.Refused("Write something before sending the comment."), null);
        if (text.Length > MaxCommentLength) return (ActionOutcome.Refused($"Keep a comment under {MaxCommentLength:N0} characters."), null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (viewer, revision) = await VisibleRevisionAsync(db, user, revisionId, ct);
        if (viewer is null || revision is null) return (NotYours, null);

        Comment? parent = null;
        if (parentId is { } pid)
        {
            parent = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pid && c.RevisionId == revisionId, ct);
            if (parent is null) return (ActionOutcome.Refused("The comment you replied to no longer exists."), null);
            // Threads are one level deep: a reply to a reply joins the same thread, at the thread's time.
            if (parent.ParentId is { } root) parent = await db.Comments.AsNoTracking().FirstAsync(c => c.Id == root, ct);
            (startSeconds, endSeconds) = (parent.StartSeconds, parent.EndSeconds);
        }
        var duration = revision.Files.Where(f => f.Kind == FileAssetKind.Master).Select(f => f.DurationSeconds).Max() ?? double.MaxValue;
        if (!double.IsFinite(startSeconds) || startSeconds < 0 || startSeconds > duration + 0.5)
            return (ActionOutcome.Refused("That time is outside the track."), null);
        if (endSeconds is { } end && (!double.IsFinite(end) || end <= startSeconds || end > duration + 0.5))
            return (ActionOutcome.Refused("The end of the range must come after its start, within the track."), null);

        var comment = new Comment
        {
            RevisionId = revision.Id, AuthorId = viewer.UserId, ParentId = parent?.Id,
            StartSeconds = Math.Round(startSeconds, 2), EndSeconds = endSeconds is { } e2 ? Math.Round(e2, 2) : null,
            Text = text, CreatedAt = clock.GetUtcNow(),
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        await pushes.CommentAsync(comment.Id);
        return (ActionOutcome.Done, comment.Id);
    }

    /// <summary>Marks a thread resolved (or open again). Anyone on the project may: it is the conversation's state, not an authorship.</summary>
    public async Task<ActionOutcome> SetResolvedAsync(ClaimsPrincipal user, Guid commentId, bool resolved, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null) return NotYours;
        var (viewer, revision) = await VisibleRevisionAsync(db, user, comment.RevisionId, ct);
        if (viewer is null || revision is null) return NotYours;
        if (comment.ParentId is not null) return ActionOutcome.Refused("Resolve the thread from its first comment.");
        if (comment.Resolved == resolved) return ActionOutcome.Done;
        comment.Resolved = resolved;
        comment.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Refused("Someone else changed this thread a moment ago; the page shows it as it is now.");
        }
        await pushes.CommentAsync(comment.Id);
        return ActionOutcome.Done;
    }

    /// <summary>The client sends the track's project back with notes; uses a revision round (refused when none is left).</summary>
    public Task<ActionOutcome> RequestChangesAsync(ClaimsPrincipal user, Guid projectId, string notes, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(notes)) return Task.FromResult(ActionOutcome.Refused("Tell the engineer what should change."));
        if (notes.Trim().Length > 4000) return Task.FromResult(ActionOutcome.Refused("Keep the notes under 4,000 characters."));
        return DecideAsync(user, projectId, null, (workflow, project, studio, actor) => workflow.RequestChanges(project, studio, actor, notes), ct);
    }

    /// <summary>The client approves a posted revision as its track's final master.</summary>
    public Task<ActionOutcome> ApproveAsync(ClaimsPrincipal user, Guid projectId, Guid revisionId, CancellationToken ct = default) =>
        DecideAsync(user, projectId, revisionId, (workflow, project, _, actor) =>
        {
            var revision = project.Tracks.SelectMany(t => t.Revisions).FirstOrDefault(r => r.Id == revisionId)
                ?? throw new WorkflowException("This revision does not exist, or it is not yours to see.");
            workflow.Approve(project, revision, actor);
        }, ct);

    async Task<ActionOutcome> DecideAsync(ClaimsPrincipal user, Guid projectId, Guid? revisionId,
        Action<ProjectWorkflow, Project, Studio, WorkflowActor> decide, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var access = new ProjectAccess(db);
        var viewer = await access.ViewerAsync(user, ct);
        var project = await access.VisibleProjects(viewer).Where(p => p.Id == projectId)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.Refused("This project does not exist, or it is not yours to see.");
        var studio = await db.Studios.FirstAsync(s => s.Id == project.StudioId, ct);
        // A revision the client has not been shown cannot be approved by them: it does not exist for them.
        if (revisionId is { } rid && !viewer.IsEngineer && project.Tracks.SelectMany(t => t.Revisions).FirstOrDefault(r => r.Id == rid) is { PostedAt: null })
            return ActionOutcome.Refused("This revision does not exist, or it is not yours to see.");
        try
        {
            decide(new ProjectWorkflow(clock), project, studio, viewer.AsActor());
            await db.SaveChangesAsync(ct);
        }
        catch (WorkflowException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Refused("Someone else changed this project a moment ago. The page now shows the latest state; please try again.");
        }
        await pushes.ProjectAsync(project.Id);
        if (revisionId is { } approved) await pushes.RevisionAsync(approved);
        return ActionOutcome.Done;
    }

    /// <summary>The user, and the revision when they may see it (clients: only posted revisions of their own projects).</summary>
    static async Task<(PortalViewer?, Revision?)> VisibleRevisionAsync(PortalDbContext db, ClaimsPrincipal user, Guid revisionId, CancellationToken ct)
    {
        var access = new ProjectAccess(db);
        var viewer = await access.ViewerAsync(user, ct);
        if (viewer is null) return (null, null);
        var projects = access.VisibleProjects(viewer).Select(p => p.Id);
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files)
            .Where(r => r.Id == revisionId && projects.Contains(r.Track!.ProjectId))
            .FirstOrDefaultAsync(ct);
        if (revision is null || (!viewer.IsEngineer && (revision.PostedAt is null || revision.Status != RevisionStatus.Ready))) return (viewer, null);
        return (viewer, revision);
    }
}
