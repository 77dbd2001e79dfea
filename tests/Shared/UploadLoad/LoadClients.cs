using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteringPortal.Web.Demo;

namespace MasteringPortal.Testing.UploadLoad;

/// <summary>
/// Many clients uploading at once through the real endpoints, each behind its own address (X-Forwarded-For through the
/// trusted loopback proxy), the way uploader.js does: sign in, begin, 256 KiB pieces three at a time each with its
/// SHA-256, complete. Every fifth client also sends malformed requests (each must be refused with a 4xx and its
/// message); every fifth other leaves its last file half-sent. A rate-limit refusal is waited out (Retry-After).
/// </summary>
public static partial class LoadClients
{
    const int ChunkBytes = 256 * 1024;

    public static async Task<LoadReport> RunAsync(string baseAddress, IReadOnlyList<LoadClient> clients, int filesPerClient)
    {
        var report = new LoadReport();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            try { await RunClientAsync(baseAddress, client, filesPerClient, report); }
            catch (Exception e) { report.Problems.Add($"client {client.Index} stopped: {e.GetType().Name}: {e.Message}"); }
        })));
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }

    static async Task RunClientAsync(string baseAddress, LoadClient client, int files, LoadReport report)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client.Address);
        await SignInAsync(http, client);
        var token = (await http.GetFromJsonAsync<JsonElement>("/api/uploads/antiforgery")).GetProperty("token").GetString()!;
        http.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        var random = new Random(client.Index);
        for (var j = 0; j < files; j++)
        {
            var file = Wav(2 + random.NextDouble() * 6, (uint)(client.Index * 100 + j + 1));
            var sha = Convert.ToHexStringLower(SHA256.HashData(file));
            var begin = await SendAsync(http, report, () => new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{client.ProjectId}/uploads")
            {
                Content = JsonContent.Create(new { kind = "mix", trackId = client.TrackId, fileName = $"load {client.Index}-{j}.wav", sizeBytes = file.Length, sha256 = sha, chunkSizeBytes = ChunkBytes }),
            });
            if (begin is null) return;
            var uploadId = begin.Value.GetProperty("uploadId").GetGuid();
            var count = begin.Value.GetProperty("chunkCount").GetInt32();
            if (client.Index % 5 == 0) await MalformedAsync(http, report, client, uploadId, file);
            var abandon = client.Index % 5 == 1 && j == files - 1;
            var pieces = abandon ? count / 2 : count;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < pieces; i = Interlocked.Increment(ref next))
                    await SendAsync(http, report, () => Piece(uploadId, file, i, damaged: false));
            }));
            if (abandon)
            {
                report.Abandoned.Add(sha); // walks away: no complete, no delete; the clean-up's business
                return;
            }
            if (await SendAsync(http, report, () => new HttpRequestMessage(HttpMethod.Post, $"/api/uploads/{uploadId}/complete")) is { } done)
                report.Completed.Add(new CompletedFile(client.Index, done.GetProperty("fileAssetId").GetGuid(), sha, file.Length));
        }
    }

    /// <summary>Requests a careless or hostile client sends; each must be refused with a 4xx and a sentence saying why.</summary>
    static async Task MalformedAsync(HttpClient http, LoadReport report, LoadClient client, Guid uploadId, byte[] file)
    {
        var project = $"/api/projects/{client.ProjectId}/uploads";
        HttpRequestMessage Json(string text) => new(HttpMethod.Post, project) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        var malformed = new Func<HttpRequestMessage>[]
        {
            () => Piece(uploadId, file, 0, damaged: true),
            () => { var r = Piece(uploadId, file, 0, damaged: false); r.Headers.Remove("X-Chunk-Sha256"); r.Headers.Add("X-Chunk-Sha256", "zz"); return r; },
            () => new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/-1") { Content = new ByteArrayContent([1, 2, 3]) },
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/uploads/{uploadId}/complete"),
            () => Json("{\"kind\":\"mix\","),
            () => Json($"{{\"kind\":\"mix\",\"trackId\":\"{client.TrackId}\",\"fileName\":\"huge.wav\",\"sizeBytes\":1000000000000000,\"sha256\":\"{new string('a', 64)}\"}}"),
            () => Json($"{{\"kind\":\"mix\",\"trackId\":\"{client.TrackId}\",\"fileName\":\"../../x.wav\",\"sizeBytes\":-5,\"sha256\":\"not hex\"}}"),
            () => Json($"{{\"kind\":\"video\",\"trackId\":\"{client.TrackId}\",\"fileName\":\"a.mp4\",\"sizeBytes\":10,\"sha256\":\"{new string('b', 64)}\"}}"),
        };
        foreach (var make in malformed)
        {
            using var request = make();
            using var response = await http.SendAsync(request);
            report.Count((int)response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            var explained = (int)response.StatusCode is >= 400 and < 500 && Detail(body) is { Length: > 0 };
            report.Malformed(explained);
            if (!explained) report.Problems.Add($"{request.Method} {request.RequestUri} (malformed) answered {(int)response.StatusCode}: {body}");
        }
    }

    static HttpRequestMessage Piece(Guid uploadId, byte[] file, int index, bool damaged)
    {
        var start = index * ChunkBytes;
        var bytes = file.AsSpan(start, Math.Min(ChunkBytes, file.Length - start)).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (damaged) bytes[bytes.Length / 2] ^= 0x10;
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/{index}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Chunk-Sha256", hash);
        return request;
    }

    /// <summary>A request that should succeed: the answer's JSON, or null (and a problem noted). A 429 is waited out and sent again.</summary>
    static async Task<JsonElement?> SendAsync(HttpClient http, LoadReport report, Func<HttpRequestMessage> make)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = make();
            using var response = await http.SendAsync(request);
            report.Count((int)response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return JsonDocument.Parse(body).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5 && response.Headers.RetryAfter?.Delta is { } wait)
            {
                report.RetriedAfterLimit();
                await Task.Delay(wait);
                continue;
            }
            report.Problems.Add($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
            return null;
        }
    }

    static string? Detail(string body)
    {
        try { return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null; }
        catch (JsonException) { return null; }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    static async Task SignInAsync(HttpClient http, LoadClient client)
    {
        var page = await http.GetStringAsync("/account/login");
        var answer = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(page).Groups[1].Value),
            ["Input.Email"] = client.Email, ["Input.Password"] = client.Password,
        }));
        if (answer.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"{client.Email} could not sign in ({(int)answer.StatusCode}).");
    }

    /// <summary>A 24-bit stereo 48 kHz WAV of a quiet tone, its dither seeded so every file's bytes differ.</summary>
    static byte[] Wav(double seconds, uint seed)
    {
        var frames = (int)(seconds * 48_000);
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++) samples[2 * i] = samples[2 * i + 1] = (float)(0.2 * Math.Sin(2 * Math.PI * 330 * i / 48_000.0));
        return DemoWav.Encode24(samples, 2, 48_000, seed);
    }
}
