using System.Text.Json;

namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// What every answer of the upload protocol must be, whatever was sent: never a server error; a refusal is a 4xx whose
/// body says why, for <c>/api</c> a problem document with a <c>detail</c> sentence the page can show.
/// </summary>
public static class ProtocolOracle
{
    public sealed record Sent(int Status, IReadOnlyList<string> Violations, Guid? BegunUploadId);

    public static async Task<Sent> SendAsync(FuzzSession session, HttpRequestMessage request)
    {
        if (session.Token is not null) request.Headers.TryAddWithoutValidation("RequestVerificationToken", session.Token);
        var what = $"{request.Method} {request.RequestUri} as {session.Name}";
        using var response = await session.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var violations = new List<string>();
        if (status >= 500) violations.Add($"{what}: {status} {Excerpt(body)}");
        else if (status >= 400 && Why(request, response, body) is { } missing) violations.Add($"{what}: {status} {missing}");
        var begun = status == 200 && request.Method == HttpMethod.Post && request.RequestUri!.OriginalString.EndsWith("/uploads")
            ? UploadProtocolFuzzer.UploadIdOf(body)
            : null;
        return new Sent(status, violations, begun);
    }

    /// <summary>Null when the refusal explains itself; otherwise what is missing.</summary>
    static string? Why(HttpRequestMessage request, HttpResponseMessage response, string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "with no message";
        if (request.RequestUri!.OriginalString.StartsWith("/api/", StringComparison.Ordinal)
            && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"answered {response.Content.Headers.ContentType?.MediaType ?? "no type"} instead of a problem document: {Excerpt(body)}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                   && !string.IsNullOrWhiteSpace(detail.GetString())
                ? null
                : "a problem document without a detail: " + Excerpt(body);
        }
        catch (JsonException)
        {
            return "a problem document that is not JSON: " + Excerpt(body);
        }
    }

    static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
