using System.Text;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Retention;
using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace MasteringPortal.Web.Features.Files;

/// <summary>
/// <c>GET /api/files/{id}/audio</c>: a stored file for an audio element (HTTP Range requests, so players seek
/// without downloading the whole file) or, with <c>?download=1</c>, as an attachment under its original name.
/// Every request asks <see cref="FileAccessRules"/>; users never see a storage key or a path.
/// </summary>
public static class FileEndpoints
{
    /// <summary>The file feature's endpoints, on the portal's <c>/api</c> group (signed-in users only).</summary>
    public static WebApplication MapFiles(this WebApplication app)
    {
        app.Api().MapGet("/files/{fileId:guid}/audio", GetAudio);
        return app;
    }

    static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAudio(Guid fileId, string? download, HttpContext context,
        IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(context.User, ct);
        var (decision, file) = await FileAccessRules.DecideAsync(db, viewer, fileId, ct);
        switch (decision)
        {
            case FileDecision.NotFound:
                // One answer for "not yours" and "does not exist", so a file's existence never leaks.
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: "There is no such file, or you do not have access to it.");
            case FileDecision.NotYet:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not available yet",
                    detail: file!.Revision?.IsSample == true
                        ? "A sample master is for listening here in the portal; its full-resolution file is not handed out."
                        : "The full-resolution masters are available once the project is paid. Until then, listen to the previews.");
        }
        if (await db.Projects.AnyAsync(p => p.Id == file!.ProjectId && p.ArchivedAt != null, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Archived", detail: Projects.ProjectCommands.ArchivedNotice);
        if (RetentionRules.RemovedNotice(file!) is { } removed)
            return TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Removed", detail: removed);
        var asAttachment = download is "1" or "true";
        if (asAttachment && !await FileAccessRules.MayDownloadAsync(db, viewer!, file!, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Listen here",
                detail: "Your engineer has not switched on preview downloads: you can listen to the preview here in the portal, " +
                        "and download the masters once the project is paid.");
        Stream stream;
        try
        {
            stream = store.OpenRead(file!.StorageKey);
        }
        catch (FileNotFoundException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "File missing",
                detail: "This file is listed but its audio is missing from storage. Please tell the studio.");
        }
        // The bytes behind a file id never change, so the id is a strong validator (the content hash would
        // be too, but it is also the storage key, which stays on the server).
        context.Response.Headers.CacheControl = "private, max-age=3600";
        var name = file.Kind == Core.Domain.FileAssetKind.Preview ? PreviewName(file.OriginalName) : file.OriginalName;
        return TypedResults.Stream(stream, ContentType(file.Format), asAttachment ? SafeName(name) : null,
            file.CreatedAt, new EntityTagHeaderValue($"\"{file.Id:N}\""), enableRangeProcessing: true);
    }

    /// <summary>The browser's type for each container we store.</summary>
    public static string ContentType(string format) => format.ToLowerInvariant() switch
    {
        "wav" or "rf64" or "bw64" => "audio/wav",
        "aiff" or "aifc" => "audio/aiff",
        "mp3" => "audio/mpeg",
        "aac" or "m4a" or "mp4" or "alac" or "mov,mp4,m4a,3gp,3g2,mj2" => "audio/mp4",
        "flac" => "audio/flac",
        "ogg" or "opus" or "vorbis" => "audio/ogg",
        _ => "application/octet-stream",
    };

    /// <summary>A preview's download name says it is a preview, so it is never taken for the master.</summary>
    public static string PreviewName(string name) => name.Contains("preview", StringComparison.OrdinalIgnoreCase)
        ? name
        : Path.GetFileNameWithoutExtension(name) + " (preview)" + Path.GetExtension(name);

    /// <summary>A download name without path separators or control characters (ASP.NET adds the RFC 5987 form for non-ASCII).</summary>
    public static string SafeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            builder.Append(char.IsControl(c) || c is '/' or '\\' or '"' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : c);
        var safe = builder.ToString().Trim(' ', '.');
        return safe.Length == 0 ? "audio" : safe;
    }
}
