using MasteringPortal.Web.Hosting;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// The review page's data for its script: <c>GET /api/review/projects/{p}/tracks/{t}</c>, read-only. A project or track
/// the user may not see is answered exactly like one that does not exist (404). The hub lives at <see cref="ReviewHub.Path"/>.
/// </summary>
public static class ReviewEndpoints
{
    /// <summary>The review state on the portal's <c>/api</c> group, and the review hub.</summary>
    public static WebApplication MapReview(this WebApplication app)
    {
        app.Api().MapGet("/review/projects/{projectId:guid}/tracks/{trackId:guid}", StateAsync);
        app.MapHub<ReviewHub>(ReviewHub.Path);
        return app;
    }

    static async Task<Results<Ok<ReviewState>, ProblemHttpResult>> StateAsync(Guid projectId, Guid trackId, HttpContext context,
        IDbContextFactory<PortalDbContext> dbFactory, ReviewQueries queries, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(context.User, ct);
        context.Response.Headers.CacheControl = "no-store";
        return await queries.LoadAsync(db, viewer, projectId, trackId, ct) is { } state
            ? TypedResults.Ok(state)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "This track does not exist, or it is not yours to see.");
    }
}
