using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// The upload protocol over plain HTTP (docs/UPLOADS.md), never through the Blazor circuit. Cookie sign-in;
/// every request that changes something carries the antiforgery token in the <c>RequestVerificationToken</c>
/// header, fetched from <c>GET /api/uploads/antiforgery</c>.
/// </summary>
public static class UploadEndpoints
{
    public const string ChunkSha256Header = "X-Chunk-Sha256";

    public static WebApplication MapUploads(this WebApplication app)
    {
        // On the portal's /api group: signed-in users, and the antiforgery header on every change (PortalApi).
        var api = app.Api();
        api.MapGet("/uploads/antiforgery", AntiforgeryToken);
        // Begin, chunks and complete are counted per network (Hosting/RateLimiting): a refusal is 429 with `retry`.
        api.MapPost("/projects/{projectId:guid}/uploads", Begin).RequireRateLimiting(RateLimiting.Uploads);
        api.MapPut("/uploads/{uploadId:guid}/chunks/{index:int}", Chunk).RequireRateLimiting(RateLimiting.Uploads);
        api.MapGet("/uploads/{uploadId:guid}", Status);
        api.MapGet("/projects/{projectId:guid}/uploads/unfinished", Unfinished);
        api.MapPost("/uploads/{uploadId:guid}/complete", Complete).RequireRateLimiting(RateLimiting.Uploads);
        api.MapDelete("/uploads/{uploadId:guid}", Abandon);
        return app;
    }

    /// <summary>The request token for the header (and the cookie it pairs with). Another site cannot read this answer.</summary>
    static Ok<AntiforgeryTokenResponse> AntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.HeaderName!, tokens.RequestToken!));
    }

    static async Task<Results<Ok<UploadStatus>, ProblemHttpResult>> Begin(Guid projectId, BeginUploadRequest request, HttpContext context,
        UploadService uploads, CancellationToken ct) =>
        Answer(await uploads.BeginAsync(context.User, projectId, request, ct));

    static async Task<Results<Ok<UploadStatus>, ProblemHttpResult>> Chunk(Guid uploadId, int index, HttpContext context,
        UploadService uploads, IOptions<UploadOptions> options, CancellationToken ct)
    {
        // Only this endpoint takes bodies bigger than Kestrel's default 30 MB: exactly up to the largest chunk.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.Value.MaxChunkBytes;
        var request = context.Request;
        return Answer(await uploads.ReceiveChunkAsync(context.User, uploadId, index, request.Headers[ChunkSha256Header].ToString(),
            request.ContentLength, request.Body, ct));
    }

    static async Task<Results<Ok<UploadStatus>, ProblemHttpResult>> Status(Guid uploadId, HttpContext context, UploadService uploads,
        CancellationToken ct) =>
        Answer(await uploads.StatusAsync(context.User, uploadId, ct));

    /// <summary>The signed-in user's unfinished uploads for one place, which the server still holds (after a reload: resume or not).</summary>
    static async Task<Results<Ok<IReadOnlyList<UnfinishedUpload>>, ProblemHttpResult>> Unfinished(Guid projectId, Guid? trackId, string? kind,
        Guid? referenceId, Guid? revisionId, string? deliverable, string? alternate, HttpContext context, UnfinishedUploads unfinished,
        CancellationToken ct) =>
        Answer(await unfinished.ForSlotAsync(context.User, projectId, trackId, kind, referenceId, revisionId, deliverable, ct, alternate));

    static async Task<Results<Ok<CompletedUpload>, ProblemHttpResult>> Complete(Guid uploadId, HttpContext context, UploadService uploads,
        CancellationToken ct) =>
        Answer(await uploads.CompleteAsync(context.User, uploadId, ct));

    static async Task<Results<NoContent, ProblemHttpResult>> Abandon(Guid uploadId, HttpContext context, UploadService uploads,
        CancellationToken ct) =>
        await uploads.AbandonAsync(context.User, uploadId, ct) is { } error ? Problem(error) : TypedResults.NoContent();

    static Results<Ok<T>, ProblemHttpResult> Answer<T>(UploadResult<T> result) =>
        result.Error is { } error ? Problem(error) : TypedResults.Ok(result.Value!);

    static ProblemHttpResult Problem(UploadError error)
    {
        var (status, title) = error.Failure switch
        {
            UploadFailure.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            UploadFailure.NotAllowedNow => (StatusCodes.Status403Forbidden, "Not possible at this stage"),
            UploadFailure.TooLarge => (StatusCodes.Status413PayloadTooLarge, "File too large"),
            UploadFailure.TooMany => (StatusCodes.Status429TooManyRequests, "Too many uploads"),
            UploadFailure.Conflict => (StatusCodes.Status409Conflict, "Not ready"),
            UploadFailure.Rejected => (StatusCodes.Status422UnprocessableEntity, "File refused"),
            _ => (StatusCodes.Status400BadRequest, "Bad upload request"),
        };
        return TypedResults.Problem(detail: error.Message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["retry"] = error.Retry });
    }
}

public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);
