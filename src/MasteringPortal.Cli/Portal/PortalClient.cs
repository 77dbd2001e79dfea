using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace MasteringPortal.Cli.Portal;

/// <summary>What the portal refused or could not do, in one line for the terminal; <see cref="Retry"/> when sending again can help.</summary>
public sealed class PortalException(string message, bool retry = false, bool refusedToken = false) : Exception(message)
{
    public bool Retry { get; } = retry;

    /// <summary>The portal refused the token itself (401): nothing else will work until the token does.</summary>
    public bool RefusedToken { get; } = refusedToken;
}

/// <summary>
/// The portal's HTTP API as the CLI speaks it: <c>/api/v1</c> and the upload protocol, every request with the access
/// token as a Bearer header (so no antiforgery token is needed). Refusals become <see cref="PortalException"/>s carrying
/// the portal's own sentence.
/// </summary>
public sealed class PortalClient : IDisposable
{
    public const string ChunkSha256Header = "X-Chunk-Sha256";
    readonly HttpClient http;

    public PortalClient(PortalConnection connection, HttpMessageHandler? handler = null)
    {
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = connection.Portal;
        http.Timeout = TimeSpan.FromMinutes(5); // one chunk on a slow line
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mastering-cli", "1"));
    }

    static PortalJsonContext Json => PortalJsonContext.Default;

    public Task<List<PortalProject>> ProjectsAsync(CancellationToken ct) => GetAsync("api/v1/projects", Json.ListPortalProject, ct);

    public Task<List<PortalTrack>> TracksAsync(Guid projectId, CancellationToken ct) =>
        GetAsync($"api/v1/projects/{projectId}/tracks", Json.ListPortalTrack, ct);

    public Task<PortalRevision> RevisionAsync(Guid projectId, Guid revisionId, CancellationToken ct) =>
        GetAsync($"api/v1/projects/{projectId}/revisions/{revisionId}", Json.PortalRevision, ct);

    public Task<PortalRevision> PostRevisionAsync(Guid projectId, Guid revisionId, string? note, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"api/v1/projects/{projectId}/revisions/{revisionId}/post",
            JsonContent.Create(new PostRevisionBody(note), Json.PostRevisionBody), Json.PortalRevision, ct);

    public Task<UploadStatusBody> BeginUploadAsync(Guid projectId, BeginUploadBody body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"api/projects/{projectId}/uploads", JsonContent.Create(body, Json.BeginUploadBody), Json.UploadStatusBody, ct);

    public Task<UploadStatusBody> PutChunkAsync(Guid uploadId, int index, ReadOnlyMemory<byte> bytes, string sha256, CancellationToken ct)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(ChunkSha256Header, sha256);
        return SendAsync(HttpMethod.Put, $"api/uploads/{uploadId}/chunks/{index}", content, Json.UploadStatusBody, ct);
    }

    public Task<CompletedUploadBody> CompleteUploadAsync(Guid uploadId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"api/uploads/{uploadId}/complete", null, Json.CompletedUploadBody, ct);

    Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, type, ct);

    async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new PortalException($"cannot reach the portal at {http.BaseAddress}: {CliApp.OneLine(e.Message)}", retry: true);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PortalException($"the portal at {http.BaseAddress} did not answer in time", retry: true);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadFromJsonAsync(type, ct)
                       ?? throw new PortalException($"the portal sent an empty answer to {method} {path}");
            throw await RefusalAsync(response, ct);
        }
    }

    static async Task<PortalException> RefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        PortalProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try { problem = await response.Content.ReadFromJsonAsync(Json.PortalProblem, ct); }
            catch (System.Text.Json.JsonException) { }
        }
        var said = CliApp.OneLine(problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "no reason given");
        var code = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new PortalException($"The portal refused this token: {said}", refusedToken: true),
            HttpStatusCode.NotFound => new PortalException(said),
            _ => new PortalException(code >= 500 ? $"the portal failed ({code}): {said}" : said, retry: problem?.Retry == true || code >= 500),
        };
    }

    public void Dispose() => http.Dispose();
}
