using System.Text.Json;
using System.Text.Json.Serialization;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>
/// <c>GET /api/clients/{id}/export.zip</c>: the studio's owner downloads everything the portal holds about a client
/// (<see cref="ClientExport"/>): <c>client.json</c> first, then the files, streamed from the store as they are read.
/// </summary>
public static class ClientExportEndpoints
{
    public const string DocumentName = "client.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static WebApplication MapClientExport(this WebApplication app)
    {
        app.Api().MapGet("/clients/{clientId:guid}/export.zip", GetAsync);
        return app;
    }

    static async Task<IResult> GetAsync(Guid clientId, HttpContext context, IDbContextFactory<PortalDbContext> dbFactory, IFileStore store,
        TimeProvider clock, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(context.User, ct);
        var package = await ClientExport.LoadAsync(db, viewer, clientId, clock.GetUtcNow(), ct);
        if (package is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "There is no such client, or you do not have access to it.");
        var missing = package.Files.FirstOrDefault(f => !store.Exists(f.File.StorageKey));
        if (missing is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "File missing",
                detail: $"The audio of \"{missing.File.OriginalName}\" is missing from storage, so the export would be incomplete.");

        StreamedZip.PrepareResponse(context, package.ZipName);
        await using (var zip = await StreamedZip.StartAsync(context.Response.Body, ct))
        {
            await zip.AddJsonAsync(DocumentName, package.Document.ExportedAt, package.Document, Json, ct);
            foreach (var file in package.Files)
                await zip.AddStoredAsync(file.EntryName, file.File.CreatedAt, store, file.File.StorageKey, ct);
        }
        return TypedResults.Empty;
    }
}
