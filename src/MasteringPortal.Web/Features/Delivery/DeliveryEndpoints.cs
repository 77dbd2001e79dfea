using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Hosting;
using System.Text;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>
/// <c>GET /api/projects/{id}/delivery.zip</c>: every master of the project's approved revisions in one ZIP, by format
/// and tagged, with the album's files and a listing (<see cref="DeliveryPackage"/>), written straight into the response
/// as it is read from the store: WAVs are tagged as they stream, so a 2 GB album costs the server a few buffers and a
/// tagged copy of its FLAC, MP3 and AAC files. Audio is stored uncompressed in the ZIP (deflate gains almost
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
        LocalFileStore local, AudioTools tools, ILoggerFactory loggers, TimeProvider clock, CancellationToken ct)
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
        var album = await DeliveryPackage.AlbumAsync(db, project, ct);
        var stored = items.Select(i => (i.File, Name: i.File.OriginalName))
            .Concat((album?.Files ?? []).Where(f => f.File is not null).Select(f => (File: f.File!, Name: f.EntryName)));
        var missing = stored.FirstOrDefault(f => !store.Exists(f.File.StorageKey));
        if (missing.File is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "File missing",
                detail: $"The audio of \"{missing.Name}\" is missing from storage. Please tell the studio.");

        // FLAC, MP3 and AAC are tagged by ffmpeg (the audio copied, not encoded again) before the response starts, so a
        // file that cannot be tagged is a clear answer rather than a ZIP cut short. WAVs are tagged as they stream.
        await using var tagged = new TaggedCopies(Path.Combine(local.Root, "delivery", Guid.NewGuid().ToString("N")));
        try
        {
            foreach (var item in items.Where(i => i.Tags is not null && i.File.Format is "flac" or "mp3" or "aac"))
                await tagged.AddAsync(item.File, item.Tags!, store, tools, ct);
        }
        catch (Exception e) when (e is Audio.AudioFileException or IOException or InvalidDataException or ArgumentException)
        {
            loggers.CreateLogger("MasteringPortal.Delivery").LogError(e, "Tagging the delivery of project {ProjectId} failed", projectId);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The delivery could not be prepared",
                detail: $"A file could not be tagged for the delivery ({e.Message}). Nothing is lost; please try again or tell the studio.");
        }

        var listing = DeliveryPackage.Listing(project, items, album, clock.GetUtcNow());
        StreamedZip.PrepareResponse(context, DeliveryPackage.ZipName(project));
        await WriteZipAsync(context.Response.Body, items, store, ct, listing, album, tagged);
        return TypedResults.Empty;
    }

    /// <summary>
    /// Writes the ZIP to a forward-only stream (<see cref="StreamedZip"/>): nothing is buffered per entry. The listing
    /// comes first, then every track's files by format (tagged WAVs as they stream, other formats from
    /// <paramref name="tagged"/> copies), then the album's files.
    /// </summary>
    public static async Task WriteZipAsync(Stream output, IReadOnlyList<DeliveryItem> items, IFileStore store, CancellationToken ct,
        string? listing = null, DeliveryAlbum? album = null, TaggedCopies? tagged = null)
    {
        await using var zip = await StreamedZip.StartAsync(output, ct);
        var now = DateTimeOffset.UtcNow;
        if (listing is not null) await zip.AddBytesAsync(DeliveryPackage.ListingName, now, new UTF8Encoding(false).GetBytes(listing), ct);
        foreach (var item in items)
            await AddFileAsync(zip, item.EntryName, item.File, item.Tags, store, tagged, ct);
        foreach (var extra in album?.Files ?? [])
        {
            if (extra.Bytes is { } bytes) await zip.AddBytesAsync(extra.EntryName, now, bytes, ct);
            else if (extra.SamplesOnly) await zip.AddWavSamplesAsync(extra.EntryName, extra.File!.CreatedAt, store, extra.File.StorageKey, ct);
            else await AddFileAsync(zip, extra.EntryName, extra.File!, extra.Tags, store, tagged, ct);
        }
    }

    static async Task AddFileAsync(StreamedZip zip, string entryName, FileAsset file, ReleaseTags? tags, IFileStore store, TaggedCopies? tagged,
        CancellationToken ct)
    {
        if (tags is not null && tagged?.PathOf(file) is { } copy)
            await zip.AddLocalAsync(entryName, file.CreatedAt, copy, ct);
        else if (tags is not null && file.Format == "wav")
            await zip.AddTaggedWavAsync(entryName, file.CreatedAt, store, file.StorageKey, tags, ct);
        else
            await zip.AddStoredAsync(entryName, file.CreatedAt, store, file.StorageKey, ct);
    }
}
