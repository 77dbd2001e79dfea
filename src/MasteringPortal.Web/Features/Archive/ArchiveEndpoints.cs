using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Hosting;

namespace MasteringPortal.Web.Features.Archive;

/// <summary>
/// <c>POST /api/projects/{id}/archive</c> archives a project and <c>DELETE</c> on the same address brings it back: the
/// studio owner's actions (<see cref="ProjectCommands.ArchiveAsync"/>), also on the storage page. Anyone else is told the
/// project does not exist, as for every project route.
/// </summary>
public static class ArchiveEndpoints
{
    public static WebApplication MapProjectArchive(this WebApplication app)
    {
        app.Api().MapPost("/projects/{projectId:guid}/archive", (Guid projectId, HttpContext context, ProjectCommands commands, LocalFileStore store,
            CancellationToken ct) => AnswerAsync(commands.ArchiveAsync(context.User, projectId, store, ct), archived: true));
        app.Api().MapDelete("/projects/{projectId:guid}/archive", (Guid projectId, HttpContext context, ProjectCommands commands, LocalFileStore store,
            CancellationToken ct) => AnswerAsync(commands.BringBackAsync(context.User, projectId, store, ct), archived: false));
        return app;
    }

    static async Task<IResult> AnswerAsync(Task<ActionOutcome> action, bool archived)
    {
        var outcome = await action;
        if (outcome.Succeeded) return TypedResults.Ok(new { archived });
        return outcome == ActionOutcome.NotYours
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: outcome.Message)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not done", detail: outcome.Message);
    }
}
