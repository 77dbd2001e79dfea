using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// Turns a fuzzer's bytes into a sequence of upload-protocol requests (docs/UPLOADS.md) from the demo's people, each a
/// valid request bent in a few places: JSON fields removed, retyped or set to edge values, raw bodies, broken or
/// hostile headers, wrong ids and indices, chunks cut short, lengthened or damaged. Every answer goes through
/// <see cref="ProtocolOracle"/>; uploads the sequence began are abandoned at its end.
/// </summary>
public sealed class UploadProtocolFuzzer(FuzzTargets targets)
{
    const int MaxRequests = 12;
    static readonly string[] Fields = ["kind", "trackId", "referenceId", "fileName", "sizeBytes", "sha256", "lastModified",
        "chunkSizeBytes", "revisionId", "deliverable", "extra"];

    /// <summary>How many answers of each status the runs so far received (a fuzzer that only ever hears 401 proves nothing).</summary>
    public SortedDictionary<int, int> Statuses { get; } = new();

    /// <summary>Runs the sequence the input encodes; the violations found (empty when every answer was right).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(byte[] bytes)
    {
        var input = new FuzzInput(bytes);
        var violations = new List<string>();
        var begun = new List<(FuzzSession Session, Guid UploadId)>();
        Guid? current = null;
        for (var n = 0; n < MaxRequests && (n == 0 || !input.Exhausted); n++)
        {
            var session = input.Pick(targets.Sessions);
            using var request = Next(input, session, current);
            var sent = await ProtocolOracle.SendAsync(session, request);
            Statuses[sent.Status] = Statuses.GetValueOrDefault(sent.Status) + 1;
            violations.AddRange(sent.Violations);
            if (sent.BegunUploadId is { } id)
            {
                begun.Add((session, id));
                current = id;
            }
        }
        foreach (var (session, id) in begun)
        {
            using var abandon = new HttpRequestMessage(HttpMethod.Delete, $"/api/uploads/{id}");
            violations.AddRange((await ProtocolOracle.SendAsync(session, abandon)).Violations);
        }
        return violations;
    }

    HttpRequestMessage Next(FuzzInput input, FuzzSession session, Guid? current) => input.Pick(7) switch
    {
        0 or 1 => Begin(input, BeginBody(input)),
        2 => Begin(input, RawBody(input)),
        3 or 4 => Chunk(input, current),
        5 => new HttpRequestMessage(HttpMethod.Post, $"/api/uploads/{UploadId(input, current)}/complete"),
        _ => input.Pick(3) switch
        {
            0 => new HttpRequestMessage(HttpMethod.Get, $"/api/uploads/{UploadId(input, current)}"),
            1 => new HttpRequestMessage(HttpMethod.Delete, $"/api/uploads/{UploadId(input, current)}"),
            _ => new HttpRequestMessage(input.Pick([HttpMethod.Post, HttpMethod.Put, HttpMethod.Get]),
                "/api/uploads/" + PathText(input, 40) + "/chunks/" + PathText(input, 12)),
        },
    };

    /// <summary>
    /// A path segment of the input's text. NUL is left out: Kestrel refuses it in a path before the portal sees the
    /// request (400), and the in-memory test server throws on the client's side instead.
    /// </summary>
    static string PathText(FuzzInput input, int max) => Uri.EscapeDataString(input.Text(max).Replace('\0', '0'));

    HttpRequestMessage Begin(FuzzInput input, HttpContent body)
    {
        var project = input.Pick(4) switch
        {
            0 => targets.OtherProjectId,
            1 => Guid.NewGuid(),
            _ => targets.ProjectId,
        };
        return new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/uploads") { Content = body };
    }

    /// <summary>
    /// A valid begin for the test file, then up to four fields changed, and perhaps the text itself cut or spliced.
    /// Written as text, field by field, so values no JSON library would write (a lone surrogate, a number too large for
    /// any .NET type, a key twice) reach the server as they are.
    /// </summary>
    HttpContent BeginBody(FuzzInput input)
    {
        var fields = new List<(string Name, string Json)>
        {
            ("kind", "\"mix\""), ("trackId", Quoted(targets.TrackId.ToString())), ("referenceId", "null"), ("fileName", "\"fuzz mix.wav\""),
            ("sizeBytes", targets.File.Length.ToString()), ("sha256", Quoted(targets.FileSha256)), ("lastModified", "1700000000000"),
            ("chunkSizeBytes", FuzzTargets.ChunkBytes.ToString()),
        };
        for (var changes = input.Pick(5); changes > 0; changes--)
        {
            var field = input.Pick(Fields);
            var value = input.Pick(5) switch
            {
                0 => Quoted(NastyValues.Long(input.Pick(["x", "é", "🎵", "\u0000"])[0], input.Pick([10, 300, 5000, 70_000]))),
                1 => input.Int64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                2 => Quoted(input.Text(64)),
                _ => input.Pick(NastyValues.Json),
            };
            fields.RemoveAll(f => f.Name == field && !input.Chance(6)); // now and then the key stays and appears twice
            if (!input.Chance(4)) fields.Add((field, value));             // else the field is left out
        }
        var text = "{" + string.Join(",", fields.Select(f => Quoted(f.Name) + ":" + f.Json)) + "}";
        text = input.Pick(8) switch
        {
            0 => text[..input.Pick(text.Length + 1)],                      // cut short
            1 => text.Insert(input.Pick(text.Length + 1), input.Text(8)), // spliced
            _ => text,
        };
        return new StringContent(text, Encoding.UTF8, input.Pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]));
    }

    static string Quoted(string value) => JsonSerializer.Serialize(value);

    static HttpContent RawBody(FuzzInput input)
    {
        var content = new ByteArrayContent(input.Bytes(200));
        if (!input.Chance(3)) content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    HttpRequestMessage Chunk(FuzzInput input, Guid? current)
    {
        var index = input.Pick(6) switch
        {
            0 => -1,
            1 => int.MaxValue,
            2 => targets.ChunkCount,
            3 => input.Int32(),
            _ => input.Pick(targets.ChunkCount),
        };
        var (start, length) = index >= 0 && index < targets.ChunkCount
            ? (index * FuzzTargets.ChunkBytes, Math.Min(FuzzTargets.ChunkBytes, targets.File.Length - index * FuzzTargets.ChunkBytes))
            : (0, 0);
        var chunk = targets.File.AsSpan(start, length).ToArray();
        var body = input.Pick(6) switch
        {
            0 => chunk[..input.Pick(chunk.Length + 1)],                 // ends early
            1 => [.. chunk, .. input.Bytes(64), 0],                     // too long
            2 => Damaged(chunk, input),
            3 => input.Bytes(100),
            _ => chunk,
        };
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/uploads/{UploadId(input, current)}/chunks/{index}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var hash = Convert.ToHexStringLower(SHA256.HashData(chunk));
        var header = input.Pick(6) switch
        {
            0 => null,
            1 => hash.ToUpperInvariant(),
            2 => input.Pick(NastyValues.Headers),
            3 => Convert.ToHexStringLower(SHA256.HashData(body)),
            _ => hash,
        };
        if (header is not null) request.Headers.TryAddWithoutValidation("X-Chunk-Sha256", header);
        if (input.Chance(3)) request.Content.Headers.TryAddWithoutValidation("Content-Range", input.Pick(NastyValues.Headers));
        return request;
    }

    static byte[] Damaged(byte[] chunk, FuzzInput input)
    {
        var copy = (byte[])chunk.Clone();
        if (copy.Length > 0) copy[input.Pick(copy.Length)] ^= (byte)(1 << input.Pick(8));
        return copy;
    }

    Guid UploadId(FuzzInput input, Guid? current) => input.Pick(5) switch
    {
        0 => Guid.Empty,
        1 => Guid.NewGuid(),
        _ => current ?? Guid.NewGuid(),
    };

    /// <summary>The uploads folder's ids begun during a run are abandoned; this is what a JSON answer's id reads as.</summary>
    internal static Guid? UploadIdOf(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("uploadId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
        }
        catch (JsonException) { return null; }
    }
}
