using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Sends what changed to the open review pages of a project, each audience only what it may see. Called by
/// <see cref="ReviewRelay"/> for each change on the feed, after its save (a failed push never undoes or fails the
/// change: it is logged, and a page that missed it catches up when it reconnects).
/// </summary>
public sealed class ReviewPushes(IHubContext<ReviewHub, IReviewClient> hub, IDbContextFactory<PortalDbContext> dbFactory,
    ReviewQueries queries, TimeProvider clock, ILogger<ReviewPushes> logger)
{
    static readonly ReviewAudience[] Audiences = [ReviewAudience.Engineers, ReviewAudience.Clients];

    /// <summary>A revision changed (rendered, failed, posted, approved): to the engineers, and to the clients once posted.</summary>
    public Task RevisionAsync(Guid revisionId, DateTimeOffset? finishedAt = null) => Guard("revision", revisionId, async db =>
    {
        var at = (finishedAt ?? clock.GetUtcNow()).ToUnixTimeMilliseconds();
        if (await queries.RevisionSourcesAsync(db, revisionId) is not { } found) return;
        foreach (var (audience, source) in found.Sources)
            await hub.Clients.Group(ReviewHub.Group(found.ProjectId, audience)).Source(source, at);
    });

    /// <summary>A mix or reference file changed (its analysis finished): to everyone on the project, each audience as it hears it.</summary>
    public Task FileAsync(Guid fileId) => Guard("file", fileId, async db =>
    {
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var audience in Audiences)
            if (await queries.FileSourceAsync(db, fileId, audience) is { } found)
                await hub.Clients.Group(ReviewHub.Group(found.ProjectId, audience)).Source(found.Source, at);
    });

    /// <summary>A comment was added or changed: to the engineers, and to the clients when its revision is posted.</summary>
    public Task CommentAsync(Guid commentId) => Guard("comment", commentId, async db =>
    {
        if (await queries.CommentAsync(db, commentId) is not { } found) return;
        await hub.Clients.Group(ReviewHub.Group(found.ProjectId, ReviewAudience.Engineers)).Comment(found.Comment);
        if (found.Audience == ReviewAudience.Clients)
            await hub.Clients.Group(ReviewHub.Group(found.ProjectId, ReviewAudience.Clients)).Comment(found.Comment);
    });

    /// <summary>The project's status or rounds changed: to everyone on the project.</summary>
    public Task ProjectAsync(Guid projectId) => Guard("project", projectId, async db =>
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Studio).FirstOrDefaultAsync(p => p.Id == projectId);
        if (project?.Studio is null) return;
        var change = new ReviewProjectChange(project.Id, project.Status.ToString(), RevisionRounds.Of(project, project.Studio).ToString());
        foreach (var audience in Audiences)
            await hub.Clients.Group(ReviewHub.Group(projectId, audience)).Project(change);
    });

    /// <summary>After a payment: the project, and every revision posted on it (a paid client hears masters, not previews).</summary>
    public async Task ProjectAndPostedRevisionsAsync(Guid projectId)
    {
        await ProjectAsync(projectId);
        List<Guid> posted = [];
        await Guard("posted revisions", projectId, async db =>
            posted = await db.Revisions.Where(r => r.Track!.ProjectId == projectId && r.PostedAt != null).Select(r => r.Id).ToListAsync());
        foreach (var id in posted) await RevisionAsync(id);
    }

    /// <summary>A render's progress: to the engineers only (a render the engineer may never post is not the client's business).</summary>
    public async Task RenderProgressAsync(JobUpdate update)
    {
        try
        {
            await hub.Clients.Group(ReviewHub.Group(update.ProjectId, ReviewAudience.Engineers)).RenderProgress(new ReviewRenderProgress(
                update.ProjectId, update.TargetId, update.State.ToString(), update.ProgressPercent, update.FailureReason));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Pushing the render progress of {Id} to the review pages failed", update.TargetId);
        }
    }

    /// <summary>Where a finished analysis belongs: a master's goes with its revision, a mix's or reference's with the file.</summary>
    public Task AnalysisFinishedAsync(Guid fileId) => Guard("analysis", fileId, async db =>
    {
        var file = await db.FileAssets.AsNoTracking().Select(f => new { f.Id, f.Kind, f.RevisionId }).FirstOrDefaultAsync(f => f.Id == fileId);
        if (file is null) return;
        if (file.Kind is FileAssetKind.Master or FileAssetKind.Preview && file.RevisionId is { } revisionId) await RevisionAsync(revisionId);
        else if (file.Kind is FileAssetKind.Mix or FileAssetKind.Reference) await FileAsync(fileId);
    });

    async Task Guard(string what, Guid id, Func<PortalDbContext, Task> push)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await push(db);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Pushing the {What} {Id} to the review pages failed; they catch up when they reconnect", what, id);
        }
    }
}
