using MasteringPortal.Web.Hosting;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// The review page's data for its script: <c>GET /api/review/projects/{p}/tracks/{t}</c>, and the difference between two of
/// its sources (<c>…/difference?a=key&amp;b=key</c>), read-only. A project or track the user may not see is answered exactly
/// like one that does not exist (404), and so is a source they may not see. The hub lives at <see cref="ReviewHub.Path"/>.
/// </summary>
public static class ReviewEndpoints
{
    /// <summary>The review state on the portal's <c>/api</c> group, and the review hub.</summary>
    public static WebApplication MapReview(this WebApplication app)
    {
        app.Api().MapGet("/review/projects/{projectId:guid}/tracks/{trackId:guid}", StateAsync);
        app.Api().MapGet("/review/projects/{projectId:guid}/tracks/{trackId:guid}/difference", DifferenceAsync);
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

    /// <summary>B − A of two sources the user may see (by their keys), from their stored analyses (<see cref="SourceDifferences"/>).</summary>
    static async Task<Results<Ok<SourceDifference>, ProblemHttpResult>> DifferenceAsync(Guid projectId, Guid trackId, string? a, string? b,
        HttpContext context, IDbContextFactory<PortalDbContext> dbFactory, ReviewQueries queries, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(context.User, ct);
        context.Response.Headers.CacheControl = "no-store";
        if (await queries.LoadAsync(db, viewer, projectId, trackId, ct) is not { } state)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "This track does not exist, or it is not yours to see.");
        var first = state.Sources.FirstOrDefault(s => s.Key == a);
        var second = state.Sources.FirstOrDefault(s => s.Key == b);
        if (first is null || second is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "Choose two sources of this track.");
        if (first.Figures is not { } figuresA || second.Figures is not { } figuresB)
            return TypedResults.Ok(new SourceDifference(NameOf(first), NameOf(second), [], [], [], [],
                ["These two are still being measured: the comparison appears once both are."]));
        return TypedResults.Ok(SourceDifferences.Compare(NameOf(first), figuresA, NameOf(second), figuresB));
    }

    /// <summary>A source as a sentence names it: "Mix", "Revision 2", "Reference “Giorgio”"; for a sample, "Sample" and "Mix passage".</summary>
    static string NameOf(ReviewSource source) => source.Kind switch
    {
        "mix" => source.Label.StartsWith("Mix, same passage", StringComparison.Ordinal) ? "Mix passage" : "Mix",
        "revision" => source.Label.StartsWith("Sample", StringComparison.Ordinal) ? "Sample" : $"Revision {source.RevisionNumber}",
        _ => source.Label.StartsWith("Reference: ", StringComparison.Ordinal) ? $"Reference “{source.Label["Reference: ".Length..]}”" : source.Label,
    };
}
