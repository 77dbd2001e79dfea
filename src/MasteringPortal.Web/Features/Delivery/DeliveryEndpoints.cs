using MasteringPortal.Audio.IO;
using System.IO.Compression;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

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
        if (items.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to deliver yet",
                detail: "No track has an approved master yet.");
        var missing = items.FirstOrDefault(i => !store.Exists(i.File.StorageKey));
        if (missing is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "File missing",
                detail: $"The audio of \"{missing.File.OriginalName}\" is missing from storage. Please tell the studio.");

        var response = context.Response;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = DeliveryPackage.ZipName(project!) }.ToString();
        response.Headers.CacheControl = "private, no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteZipAsync(response.Body, items, store, ct);
        return TypedResults.Empty;
    }

    /// <summary>
    /// Writes the ZIP to a forward-only stream: ZipArchive in Create mode on a non-seekable stream writes each
    /// entry's sizes in a data descriptor after its data, so nothing is buffered per entry.
    /// </summary>
    public static async Task WriteZipAsync(Stream output, IReadOnlyList<DeliveryItem> items, IFileStore store, CancellationToken ct)
    {
        var response = new AsyncOnlyStream(output);
        await using (var zip = await ZipArchive.CreateAsync(response, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            foreach (var item in items)
            {
                var entry = zip.CreateEntry(item.EntryName, CompressionLevel.NoCompression);
                entry.LastWriteTime = item.File.CreatedAt;
                await using var target = await entry.OpenAsync(ct);
                await using var source = store.OpenRead(item.File.StorageKey);
                await source.CopyToAsync(target, 128 * 1024, ct);
            }
        }
        await response.FlushAsync(ct);
    }

    /// <summary>
    /// The response body as ZipArchive may use it. Kestrel refuses synchronous writes, yet an entry's stream
    /// writes its small data descriptor synchronously when disposed (even after OpenAsync, .NET 10). Such
    /// writes are held here (a few dozen bytes each) and sent before the next asynchronous write; audio
    /// always goes through WriteAsync. A synchronous write of more than <see cref="MaxHeldBytes"/> means
    /// something buffers audio, which this stream refuses rather than hold it.
    /// </summary>
    sealed class AsyncOnlyStream(Stream inner) : WriteOnlyStream
    {
        const int MaxHeldBytes = 1 << 20;
        readonly MemoryStream held = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (held.Length + buffer.Length > MaxHeldBytes)
                throw new InvalidOperationException("A large synchronous write reached the ZIP response; it would be buffered in memory.");
            held.Write(buffer);
        }


        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await SendHeldAsync(ct);
            await inner.WriteAsync(buffer, ct);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async Task FlushAsync(CancellationToken ct)
        {
            await SendHeldAsync(ct);
            await inner.FlushAsync(ct);
        }

        async ValueTask SendHeldAsync(CancellationToken ct)
        {
            if (held.Length == 0) return;
            await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), ct);
            held.SetLength(0);
        }

        // Synchronous flushes (from ZipArchive's own Dispose paths) only mark a point; bytes go out on the next async call.
        public override void Flush() { }

    }
}
