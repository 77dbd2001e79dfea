using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.ApiV1;

/// <summary>
/// <c>/api/v1</c>: what a studio's scripts and <c>mastering</c> need (docs/API.md). On the /api group, so signed in by
/// cookie or personal access token; every read goes through the access rules and the one change (posting) through
/// <see cref="ProjectCommands"/>. A project or revision the caller may not see answers 404, like one that does not exist.
/// </summary>
public static class ApiV1Endpoints
{
    const string NotFoundText = "This project does not exist, or it is not yours to see.";
    const string RevisionNotFoundText = "This revision does not exist in this project, or it is not yours to see.";

    public static RouteGroupBuilder MapApiV1Endpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/projects", Projects).WithName("ListProjects")
            .WithSummary("The projects the caller may see, newest first, with their stage.");
        v1.MapGet("/projects/{projectId:guid}/tracks", Tracks).WithName("ListTracks")
            .WithSummary("The project's tracks in running order, each with its current mix and its revisions.");
        v1.MapGet("/projects/{projectId:guid}/revisions/{revisionId:guid}", Revision).WithName("GetRevision")
            .WithSummary("One revision: status, failure reason, the master's loudness, true peak and loudness range, checks.");
        v1.MapPost("/projects/{projectId:guid}/revisions/{revisionId:guid}/post", Post).WithName("PostRevision")
            .WithSummary("Posts a finished revision to the client (the same step as the project page's \"Post\"), with an optional note.");
        v1.MapGet("/projects/{projectId:guid}/comments", Comments).WithName("ListComments")
            .WithSummary("The comments on the project's revisions, mixes and references, oldest first.");
        return v1;
    }

    static async Task<Ok<IReadOnlyList<ApiProject>>> Projects(HttpContext http, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return TypedResults.Ok(await ApiV1Queries.ProjectsAsync(db, await db.ViewerAsync(http.User, ct), ct));
    }

    static async Task<Results<Ok<IReadOnlyList<ApiTrack>>, ProblemHttpResult>> Tracks(Guid projectId, HttpContext http,
        IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ApiV1Queries.TracksAsync(db, await db.ViewerAsync(http.User, ct), projectId, ct) is { } tracks
            ? TypedResults.Ok(tracks) : NotFound(NotFoundText);
    }

    static async Task<Results<Ok<ApiRevision>, ProblemHttpResult>> Revision(Guid projectId, Guid revisionId, HttpContext http,
        IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ApiV1Queries.RevisionAsync(db, await db.ViewerAsync(http.User, ct), projectId, revisionId, ct) is { } revision
            ? TypedResults.Ok(revision) : NotFound(RevisionNotFoundText);
    }

    static async Task<Results<Ok<ApiRevision>, ProblemHttpResult>> Post(Guid projectId, Guid revisionId, PostRevisionRequest? request,
        HttpContext http, IDbContextFactory<PortalDbContext> dbFactory, ProjectCommands commands, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var viewer = await db.ViewerAsync(http.User, ct);
            if (viewer is null || await ApiV1Queries.RevisionAsync(db, viewer, projectId, revisionId, ct) is null)
                return NotFound(RevisionNotFoundText);
            // Someone who may never post (a client, an assistant) is told so as a refusal, before any question of state.
            var project = await db.VisibleProjects(viewer).AsNoTracking().FirstAsync(p => p.Id == projectId, ct);
            if (ProjectWorkflow.WhyNotActor(ProjectAction.PostRevision, project, viewer.AsActor()) is { } notYours)
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: notYours);
        }
        var outcome = await commands.RunAsync(http.User, projectId, ProjectAction.PostRevision, request?.Note, revisionIds: [revisionId], ct: ct);
        if (!outcome.Succeeded)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not posted", detail: outcome.Message);
        await using var after = await dbFactory.CreateDbContextAsync(ct);
        return await ApiV1Queries.RevisionAsync(after, await after.ViewerAsync(http.User, ct), projectId, revisionId, ct) is { } posted
            ? TypedResults.Ok(posted) : NotFound(RevisionNotFoundText);
    }

    static async Task<Results<Ok<IReadOnlyList<ApiComment>>, ProblemHttpResult>> Comments(Guid projectId, HttpContext http,
        IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ApiV1Queries.CommentsAsync(db, await db.ViewerAsync(http.User, ct), projectId, ct) is { } comments
            ? TypedResults.Ok(comments) : NotFound(NotFoundText);
    }

    static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
