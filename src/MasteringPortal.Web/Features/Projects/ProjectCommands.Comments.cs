using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// The review's conversation: comments at a time or over a range, replies, resolved threads, and the client's
/// decisions. A comment is about one source: a revision (clients: posted ones only; an unposted revision does not exist
/// for them), or the mix or a reference of one of the project's tracks.
/// </summary>
public sealed partial class ProjectCommands
{
    public const int MaxCommentLength = 5000;

    static readonly ActionOutcome NoSuchRevision = ActionOutcome.Refused("This revision does not exist, or it is not yours to see.");

    /// <summary>The client sends the project back with notes; uses a revision round (refused when none is left).</summary>
    public Task<ActionOutcome> RequestChangesAsync(ClaimsPrincipal user, Guid projectId, string notes, CancellationToken ct = default) =>
        RunAsync(user, projectId, ProjectAction.RequestChanges, notes, ct: ct);

    /// <summary>The client approves a posted revision as its track's final master.</summary>
    public Task<ActionOutcome> ApproveAsync(ClaimsPrincipal user, Guid projectId, Guid revisionId, CancellationToken ct = default) =>
        RunAsync(user, projectId, ProjectAction.Approve, revisionIds: [revisionId], ct: ct);

    /// <summary>Adds a comment (or, with <paramref name="parentId"/>, a reply to a thread) on a revision.</summary>
    public Task<(ActionOutcome Outcome, Guid? CommentId)> CommentAsync(ClaimsPrincipal user, Guid revisionId, double startSeconds,
        double? endSeconds, string text, Guid? parentId = null, CancellationToken ct = default) =>
        AddCommentAsync(user, db => VisibleSourceAsync(db, user, revisionId, null, ct), NoSuchRevision, startSeconds, endSeconds, text, parentId, ct);

    /// <summary>
    /// Adds a comment (or a reply) on a file of the project's tracks: a mix (the one it names, so it stays on that mix
    /// after a new one arrives) or a reference of a track's brief. Anyone who may see the project may; a file of another
    /// project is refused like one that does not exist.
    /// </summary>
    public Task<(ActionOutcome Outcome, Guid? CommentId)> CommentOnFileAsync(ClaimsPrincipal user, Guid projectId, Guid fileId,
        double startSeconds, double? endSeconds, string text, Guid? parentId = null, CancellationToken ct = default) =>
        AddCommentAsync(user, async db =>
        {
            var (viewer, source) = await VisibleSourceAsync(db, user, null, fileId, ct);
            return (viewer, source?.ProjectId == projectId ? source : null);
        }, NoSuchFile, startSeconds, endSeconds, text, parentId, ct);

    static readonly ActionOutcome NoSuchFile = ActionOutcome.Refused("This recording is not part of the project, or it is not yours to see.");

    async Task<(ActionOutcome Outcome, Guid? CommentId)> AddCommentAsync(ClaimsPrincipal user,
        Func<PortalDbContext, Task<(PortalViewer?, CommentSource?)>> find, ActionOutcome missing, double startSeconds, double? endSeconds, string text, Guid? parentId,
        CancellationToken ct)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) return (ActionOutcome.Refused("Write something before sending the comment."), null);
        if (text.Length > MaxCommentLength) return (ActionOutcome.Refused($"Keep a comment under {MaxCommentLength:N0} characters."), null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (viewer, source) = await find(db);
        if (viewer is null || source is null) return (missing, null);

        Comment? parent = null;
        if (parentId is { } pid)
        {
            parent = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pid && c.RevisionId == source.RevisionId
                && c.FileAssetId == source.FileId && c.DeletedAt == null, ct);
            if (parent is null) return (ActionOutcome.Refused("The comment you replied to no longer exists."), null);
            // Threads are one level deep: a reply to a reply joins the same thread, at the thread's time.
            if (parent.ParentId is { } root) parent = await db.Comments.AsNoTracking().FirstAsync(c => c.Id == root, ct);
            (startSeconds, endSeconds) = (parent.StartSeconds, parent.EndSeconds);
        }
        var duration = source.DurationSeconds ?? double.MaxValue;
        if (!double.IsFinite(startSeconds) || startSeconds < 0 || startSeconds > duration + 0.5)
            return (ActionOutcome.Refused("That time is outside the track."), null);
        if (endSeconds is { } end && (!double.IsFinite(end) || end <= startSeconds || end > duration + 0.5))
            return (ActionOutcome.Refused("The end of the range must come after its start, within the track."), null);

        var comment = new Comment
        {
            RevisionId = source.RevisionId, FileAssetId = source.FileId, AuthorId = viewer.UserId, ParentId = parent?.Id,
            StartSeconds = Math.Round(startSeconds, 2), EndSeconds = endSeconds is { } e2 ? Math.Round(e2, 2) : null,
            Text = text, CreatedAt = clock.GetUtcNow(),
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        await PublishAsync([Change(source.ProjectId, ProjectChangeKind.Comment, comment.Id)]);
        return (ActionOutcome.Done, comment.Id);
    }

    /// <summary>Marks a thread resolved (or open again). Anyone on the project may: it is the conversation's state, not an authorship.</summary>
    public async Task<ActionOutcome> SetResolvedAsync(ClaimsPrincipal user, Guid commentId, bool resolved, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null) return NoSuchRevision;
        var (viewer, source) = await VisibleSourceAsync(db, user, comment.RevisionId, comment.FileAssetId, ct);
        if (viewer is null || source is null) return NoSuchRevision;
        if (comment.ParentId is not null) return ActionOutcome.Refused("Resolve the thread from its first comment.");
        if (comment.Resolved == resolved) return ActionOutcome.Done;
        comment.Resolved = resolved;
        return await SaveCommentAsync(db, comment, source.ProjectId, ct);
    }

    /// <summary>Saves a changed comment (refused when someone changed it meanwhile) and tells every open page.</summary>
    async Task<ActionOutcome> SaveCommentAsync(PortalDbContext db, Comment comment, Guid projectId, CancellationToken ct)
    {
        comment.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Refused("Someone else changed this thread a moment ago; the page shows it as it is now.");
        }
        await PublishAsync([Change(projectId, ProjectChangeKind.Comment, comment.Id)]);
        return ActionOutcome.Done;
    }

    /// <summary>The author changes the words of their own comment; the comment is then marked as edited.</summary>
    public async Task<ActionOutcome> EditCommentAsync(ClaimsPrincipal user, Guid commentId, string text, CancellationToken ct = default)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) return ActionOutcome.Refused("A comment cannot be empty: delete it instead.");
        if (text.Length > MaxCommentLength) return ActionOutcome.Refused($"Keep a comment under {MaxCommentLength:N0} characters.");
        return await ChangeOwnCommentAsync(user, commentId, comment =>
        {
            if (comment.Text == text) return false;
            comment.Text = text;
            comment.EditedAt = clock.GetUtcNow();
            return true;
        }, ct);
    }

    /// <summary>
    /// The author deletes their own comment: its words go, the row stays (marked deleted) so replies keep their thread
    /// and every open page hears of it.
    /// </summary>
    public Task<ActionOutcome> DeleteCommentAsync(ClaimsPrincipal user, Guid commentId, CancellationToken ct = default) =>
        ChangeOwnCommentAsync(user, commentId, comment =>
        {
            comment.Text = "";
            comment.DeletedAt = clock.GetUtcNow();
            return true;
        }, ct);

    /// <summary>Applies <paramref name="change"/> to a comment the user wrote and may still see; anyone else's is refused.</summary>
    async Task<ActionOutcome> ChangeOwnCommentAsync(ClaimsPrincipal user, Guid commentId, Func<Comment, bool> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null) return NoSuchComment;
        var (viewer, source) = await VisibleSourceAsync(db, user, comment.RevisionId, comment.FileAssetId, ct);
        if (viewer is null || source is null) return NoSuchComment;
        if (comment.AuthorId != viewer.UserId) return ActionOutcome.Refused("Only the person who wrote a comment can change or delete it.");
        if (comment.DeletedAt is not null) return ActionOutcome.Refused("This comment was already deleted.");
        if (!change(comment)) return ActionOutcome.Done;
        return await SaveCommentAsync(db, comment, source.ProjectId, ct);
    }

    static readonly ActionOutcome NoSuchComment = ActionOutcome.Refused("This comment does not exist, or it is not yours to see.");

    /// <summary>What a comment is about, as its viewer may see it: the project, the revision or the file, and how long the source lasts.</summary>
    sealed record CommentSource(Guid ProjectId, Guid? RevisionId, Guid? FileId, double? DurationSeconds);

    /// <summary>
    /// The user, and the comment's source when they may see it: a revision (clients: only posted revisions of their own
    /// projects), or a mix or reference that belongs to a track of a project they may see.
    /// </summary>
    static async Task<(PortalViewer?, CommentSource?)> VisibleSourceAsync(PortalDbContext db, ClaimsPrincipal user, Guid? revisionId, Guid? fileId,
        CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(user, ct);
        if (viewer is null) return (null, null);
        var projects = db.VisibleProjects(viewer).Select(p => p.Id);
        if (fileId is { } fid)
        {
            var visible = await db.FileAssets.AnyAsync(f => f.Id == fid && projects.Contains(f.ProjectId), ct);
            var files = visible ? await CommentedFiles.ReadAsync(db, [fid], ct) : [];
            if (!files.TryGetValue(fid, out var file)) return (viewer, null);
            var duration = await db.FileAssets.Where(f => f.Id == fid).Select(f => f.DurationSeconds).FirstAsync(ct);
            return (viewer, new CommentSource(file.ProjectId, null, fid, duration));
        }
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files).Include(r => r.Track)
            .Where(r => r.Id == revisionId && projects.Contains(r.Track!.ProjectId))
            .FirstOrDefaultAsync(ct);
        if (revision is null || (!viewer.IsTeam && (revision.PostedAt is null || revision.Status != RevisionStatus.Ready))) return (viewer, null);
        var length = revision.Files.Where(f => f.Kind == FileAssetKind.Master).Select(f => f.DurationSeconds).Max();
        return (viewer, new CommentSource(revision.Track!.ProjectId, revision.Id, null, length));
    }
}
