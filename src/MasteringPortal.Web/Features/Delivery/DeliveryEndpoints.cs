using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>
/// <c>GET /api/projects/{id}/delivery.zip</c>: every master of the project's approved revisions in one ZIP,
/// written straight into the response as it is read from the store: no copy in memory or on disk, so a
/// 2 GB album costs the server a few buffers. Audio is stored uncompressed in the ZIP (deflate gains almost
/// nothing on audio and would cost a core). Access: not visible → 404, client before payment → 403.
/// </summary>
public static class DeliveryEndpoints
{
    public static string ZipPath(Guid projectId) => $"/api/projects/{projectId}/delivery.zip";

    /// <summary>The delivery feature's endpoint, on the portal's <c>/api</c> group (signed-in users only).</summary>
    public static WebApplication MapDelivery(this WebApplication app)
    {
        app.Api().MapGet("/projects/{projectId:guid}/delivery.zip", GetZipAsync);
        return app;
    }

    static async Task<IResult> GetZipAsync(Guid projectId, HttpContext context, IDbContextFactory<PortalDbContext> dbFactory, IFileStore store,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(context.User, ct);
        var (decision, project, items) = await DeliveryPackage.LoadAsync(db, viewer, projectId, ct);
        switch (decision)
        {
            case FileDecision.NotFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: "There is no such project, or you do not have access to it.");
            case FileDecision.NotYet:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not available yet",
                    detail: "The full-resolution masters are available once the project is paid. Until then, listen to the previews.");
        }
        if (project!.ArchivedAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Archived", detail: Projects.ProjectCommands.ArchivedNotice);
        if (items.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to deliver yet",
                detail: "No track has an approved master yet.");
        var missing = items.FirstOrDefault(i => !store.Exists(i.File.StorageKey));
        if (missing is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "File missing",
                detail: $"The audio of \"{missing.File.OriginalName}\" is missing from storage. Please tell the studio.");

        StreamedZip.PrepareResponse(context, DeliveryPackage.ZipName(project!));
        await WriteZipAsync(context.Response.Body, items, store, ct);
        return TypedResults.Empty;
    }

    /// <summary>Writes the ZIP to a forward-only stream (<see cref="StreamedZip"/>): nothing is buffered per entry.</summary>
    public static async Task WriteZipAsync(Stream output, IReadOnlyList<DeliveryItem> items, IFileStore store, CancellationToken ct)
    {
        await using var zip = await StreamedZip.StartAsync(output, ct);
        foreach (var item in items)
            await zip.AddStoredAsync(item.EntryName, item.File.CreatedAt, store, item.File.StorageKey, ct);
    }
}
