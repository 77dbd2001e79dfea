using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace MasteringPortal.Testing.UploadLoad;

/// <summary>A file a load client finished uploading: what the portal must now hold.</summary>
public sealed record CompletedFile(int Client, Guid FileAssetId, string Sha256, long SizeBytes);

/// <summary>What the load clients saw: every answer's status, the files completed and abandoned, and what went wrong.</summary>
public sealed class LoadReport
{
    public ConcurrentDictionary<int, int> Statuses { get; init; } = new();
    public ConcurrentBag<CompletedFile> Completed { get; init; } = [];

    /// <summary>SHA-256 of files begun and left half-sent: none of them may become a stored file.</summary>
    public ConcurrentBag<string> Abandoned { get; init; } = [];

    /// <summary>Malformed requests sent, and how many were refused with a 4xx and its message.</summary>
    public int MalformedSent { get; set; }
    public int MalformedRefusedWithMessage { get; set; }

    /// <summary>Rate-limit refusals waited out (Retry-After) and sent again.</summary>
    public int RateLimitedRetries { get; set; }

    /// <summary>Everything that should not have happened: a 5xx, a refusal without its message, a good request refused.</summary>
    public ConcurrentBag<string> Problems { get; init; } = [];

    public double Seconds { get; set; }

    [JsonIgnore] readonly Lock gate = new();

    public void Count(int status) => Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    public void Malformed(bool refusedWithMessage)
    {
        lock (gate)
        {
            MalformedSent++;
            if (refusedWithMessage) MalformedRefusedWithMessage++;
        }
    }

    public void RetriedAfterLimit()
    {
        lock (gate) RateLimitedRetries++;
    }
}
