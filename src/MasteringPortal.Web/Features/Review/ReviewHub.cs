using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>What the review hub pushes to a page's script (docs/REVIEW.md lists the messages).</summary>
public interface IReviewClient
{
    /// <summary>A source appeared or changed (a new revision's peaks, curves and numbers; a mix analysed).</summary>
    /// <param name="finishedAtUnixMs">When the server learned of the change (a render finishing), for the latency benchmark.</param>
    Task Source(ReviewSource source, long finishedAtUnixMs);

    /// <summary>A render of this project moved on (engineers only).</summary>
    Task RenderProgress(ReviewRenderProgress progress);

    /// <summary>A comment was added or resolved.</summary>
    Task Comment(ReviewComment comment);

    /// <summary>The project's status or revision rounds changed (changes requested, approved, paid…).</summary>
    Task Project(ReviewProjectChange change);
}

public sealed record ReviewRenderProgress(Guid ProjectId, Guid RevisionId, string State, int ProgressPercent, string? FailureReason);

public sealed record ReviewProjectChange(Guid ProjectId, string Status, string Rounds);

/// <summary>
/// The review pages' live channel (<c>/hubs/review</c>), signed-in users only. A page joins its project's group
/// after the hub has checked, against the database, that the user may see the project; engineers and clients
/// join separate groups because clients are never sent what the engineer has not posted.
/// </summary>
[Authorize]
public sealed class ReviewHub(IDbContextFactory<PortalDbContext> dbFactory, ReviewMembers members) : Hub<IReviewClient>
{
    public const string Path = "/hubs/review";

    public static string Group(Guid projectId, ReviewAudience audience) =>
        $"review:{projectId:N}:{(audience == ReviewAudience.Engineers ? "engineers" : "clients")}";

    /// <summary>Joins the project's group; refused (a HubException) for a project the user may not see, or that does not exist.</summary>
    public async Task Join(Guid projectId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(Context.ConnectionAborted);
        var viewer = Context.User is { } user ? await db.ViewerAsync(user, Context.ConnectionAborted) : null;
        if (viewer is null || !await db.CanViewAsync(viewer, projectId, Context.ConnectionAborted))
            throw new HubException("This project does not exist, or it is not yours to see.");
        var audience = viewer.IsTeam ? ReviewAudience.Engineers : ReviewAudience.Clients;
        members.Joined(projectId, Context.ConnectionId, viewer.UserId, audience);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(projectId, audience));
    }

    public async Task Leave(Guid projectId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(projectId, ReviewAudience.Engineers));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(projectId, ReviewAudience.Clients));
        members.Left(projectId, Context.ConnectionId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        members.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
