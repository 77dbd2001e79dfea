using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

// Uploads one file through the portal's real endpoints the way wwwroot/js/uploader.js does: sign in, hash
// the whole file, begin, send the chunks (each with its own SHA-256) a few at a time, complete. Prints one
// JSON line with the time of each phase.
//
// usage: UploadBenchClient BASE_URL EMAIL PASSWORD PROJECT_ID TRACK_ID FILE [PARALLEL=3] [CHUNK_MIB=8]
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: UploadBenchClient BASE_URL EMAIL PASSWORD PROJECT_ID TRACK_ID FILE [PARALLEL=3] [CHUNK_MIB=8]");
    return 2;
}
var (baseUrl, email, password, projectId, trackId, path) = (args[0], args[1], args[2], Guid.Parse(args[3]), Guid.Parse(args[4]), args[5]);
var parallel = args.Length > 6 ? int.Parse(args[6]) : 3;
var chunkBytes = (args.Length > 7 ? int.Parse(args[7]) : 8) << 20;

using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
{
    BaseAddress = new Uri(baseUrl),
    Timeout = TimeSpan.FromMinutes(10),
};

// Sign in through the real form.
var loginPage = await http.GetStringAsync("/account/login");
var formToken = Regex.Match(loginPage, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
var signIn = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(formToken),
    ["Input.Email"] = email, ["Input.Password"] = password,
}));
if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {(int)signIn.StatusCode}");
var token = (await http.GetFromJsonAsync<JsonElement>("/api/uploads/antiforgery")).GetProperty("token").GetString()!;
http.DefaultRequestHeaders.Add("RequestVerificationToken", token);

var size = new FileInfo(path).Length;
var clock = Stopwatch.StartNew();
string sha256;
await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
    sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
var hashSeconds = clock.Elapsed.TotalSeconds;

clock.Restart();
var begin = await http.PostAsJsonAsync($"/api/projects/{projectId}/uploads", new
{
    kind = "mix", trackId, fileName = Path.GetFileName(path), sizeBytes = size, sha256, chunkSizeBytes = chunkBytes,
});
var status = await Ok(begin);
var uploadId = status.GetProperty("uploadId").GetGuid();
var chunkCount = status.GetProperty("chunkCount").GetInt32();
var next = -1;
using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
{
    var buffer = new byte[chunkBytes];
    for (var index = Interlocked.Increment(ref next); index < chunkCount; index = Interlocked.Increment(ref next))
    {
        var offset = (long)index * chunkBytes;
        var length = (int)Math.Min(chunkBytes, size - offset);
        var read = await RandomAccess.ReadAsync(source.SafeFileHandle, buffer.AsMemory(0, length), offset);
        if (read != length) throw new IOException("short read");
        var content = new ByteArrayContent(buffer, 0, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{uploadId}/chunks/{index}") { Content = content };
        request.Headers.Add("X-Chunk-Sha256", Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length))));
        await Ok(await http.SendAsync(request));
    }
}));
var uploadSeconds = clock.Elapsed.TotalSeconds;

clock.Restart();
var done = await Ok(await http.PostAsync($"/api/uploads/{uploadId}/complete", null));
var completeSeconds = clock.Elapsed.TotalSeconds;

Console.WriteLine(JsonSerializer.Serialize(new
{
    sizeBytes = size, chunkMiB = chunkBytes >> 20, parallel, hashSeconds, uploadSeconds, completeSeconds,
    uploadMBps = size / 1e6 / uploadSeconds, endToEndMBps = size / 1e6 / (hashSeconds + uploadSeconds + completeSeconds),
    fileAssetId = done.GetProperty("fileAssetId").GetGuid(),
}));
return 0;

static async Task<JsonElement> Ok(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
    return JsonDocument.Parse(text).RootElement.Clone();
}
