using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>The upload protocol as the browser module speaks it: antiforgery header, JSON begin, chunk PUTs with their SHA-256.</summary>
public sealed class UploadClient(HttpClient http) : IDisposable
{
    public const int ChunkBytes = 256 * 1024; // the smallest chunk the default configuration allows

    public HttpClient Http { get; } = http;
    string? token;

    public static async Task<UploadClient> SignedInAsync(PortalWebFixture portal, string email, string password)
    {
        var http = portal.NewClient();
        await Forms.SignInAsync(http, email, password);
        var client = new UploadClient(http);
        await client.FetchTokenAsync();
        return client;
    }

    public async Task FetchTokenAsync()
    {
        var response = await Http.GetAsync("/api/uploads/antiforgery");
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<AntiforgeryTokenResponse>())!;
        Assert.Equal("RequestVerificationToken", body.HeaderName);
        token = body.Token;
    }

    public Task<HttpResponseMessage> BeginAsync(Guid projectId, Guid trackId, string fileName, byte[] file, string kind = "mix",
        Guid? referenceId = null, string? sha256 = null, long? sizeBytes = null, Guid? revisionId = null, string? deliverable = null,
        string? alternate = null) =>
        SendAsync(HttpMethod.Post, $"/api/projects/{projectId}/uploads", JsonContent.Create(new BeginUploadRequest(
            kind, trackId, referenceId, fileName, sizeBytes ?? file.Length, sha256 ?? Sha256(file), 1_700_000_000_000, ChunkBytes,
            revisionId, deliverable, alternate)));

    public async Task<UploadStatus> BeginOkAsync(Guid projectId, Guid trackId, string fileName, byte[] file, string kind = "mix",
        Guid? referenceId = null, string? sha256 = null, string? alternate = null)
    {
        var response = await BeginAsync(projectId, trackId, fileName, file, kind, referenceId, sha256, alternate: alternate);
        return await OkAsync<UploadStatus>(response);
    }

    /// <summary>Sends chunk <paramref name="index"/> of <paramref name="file"/>; <paramref name="body"/> replaces the bytes on the wire (a damaged chunk).</summary>
    public Task<HttpResponseMessage> PutChunkAsync(Guid uploadId, byte[] file, int index, byte[]? body = null)
    {
        var chunk = Chunk(file, index);
        var content = new ByteArrayContent(body ?? chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/{index}") { Content = content };
        request.Headers.Add("X-Chunk-Sha256", Sha256(chunk));
        return SendAsync(request);
    }

    public async Task PutChunksAsync(Guid uploadId, byte[] file, params int[] indices)
    {
        foreach (var i in indices) await OkAsync<UploadStatus>(await PutChunkAsync(uploadId, file, i));
    }

    public Task<HttpResponseMessage> StatusAsync(Guid uploadId) => Http.GetAsync($"/api/uploads/{uploadId}");

    public Task<HttpResponseMessage> CompleteAsync(Guid uploadId) => SendAsync(HttpMethod.Post, $"/api/uploads/{uploadId}/complete", null);

    public Task<HttpResponseMessage> AbandonAsync(Guid uploadId) => SendAsync(HttpMethod.Delete, $"/api/uploads/{uploadId}", null);

    /// <summary>Begin, every chunk, complete: the FileAsset id.</summary>
    public async Task<Guid> UploadAsync(Guid projectId, Guid trackId, string fileName, byte[] file, string kind = "mix", Guid? referenceId = null,
        string? alternate = null)
    {
        var upload = await BeginOkAsync(projectId, trackId, fileName, file, kind, referenceId, alternate: alternate);
        await PutChunksAsync(upload.UploadId, file, Enumerable.Range(0, upload.ChunkCount).ToArray());
        return (await OkAsync<CompletedUpload>(await CompleteAsync(upload.UploadId))).FileAssetId;
    }

    Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content) =>
        SendAsync(new HttpRequestMessage(method, url) { Content = content });

    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return Http.SendAsync(request);
    }

    public static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>The status and the problem's detail, the sentence the page shows.</summary>
    public static async Task<(HttpStatusCode Status, string Detail, bool Retry)> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return (response.StatusCode, "", false);
        using var doc = JsonDocument.Parse(text);
        var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        var retry = doc.RootElement.TryGetProperty("retry", out var r) && r.ValueKind == JsonValueKind.True;
        return (response.StatusCode, detail, retry);
    }

    public static byte[] Chunk(byte[] file, int index)
    {
        var start = index * ChunkBytes;
        return file[start..Math.Min(file.Length, start + ChunkBytes)];
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => Http.Dispose();
}
