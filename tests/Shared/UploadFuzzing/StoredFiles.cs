using System.Security.Cryptography;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// The stored files as the database records them, to prove a run of malformed requests changed nothing already stored:
/// every file row the same, every stored file still there at its length and, when asked, still hashing to its SHA-256;
/// a file stored during the run (a valid upload among the malformed ones) must hash to its own SHA-256.
/// </summary>
public sealed class StoredFiles
{
    public sealed record Row(Guid Id, Guid ProjectId, Guid? TrackId, string Kind, string Name, long SizeBytes, string Sha256, string StorageKey);

    StoredFiles(IReadOnlyDictionary<Guid, Row> rows) => Rows = rows;

    public IReadOnlyDictionary<Guid, Row> Rows { get; }

    public static async Task<StoredFiles> ReadAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var rows = await db.FileAssets.AsNoTracking()
            .Select(f => new Row(f.Id, f.ProjectId, f.TrackId, f.Kind.ToString(), f.OriginalName, f.SizeBytes, f.Sha256, f.StorageKey))
            .ToListAsync();
        return new StoredFiles(rows.ToDictionary(r => r.Id));
    }

    /// <summary>What changed since <paramref name="before"/>; <paramref name="hashAll"/> re-hashes every stored file, not only new ones.</summary>
    public static async Task<IReadOnlyList<string>> ChangesSinceAsync(StoredFiles before, IServiceProvider services, bool hashAll)
    {
        var now = await ReadAsync(services);
        var store = services.GetRequiredService<IFileStore>();
        var changes = new List<string>();
        foreach (var (id, row) in before.Rows)
        {
            if (!now.Rows.TryGetValue(id, out var current)) changes.Add($"file {row.Name} ({id}) is gone");
            else if (current != row) changes.Add($"file {row.Name} ({id}) changed: {current}");
            else changes.AddRange(Check(store, row, hashAll));
        }
        foreach (var row in now.Rows.Values.Where(r => !before.Rows.ContainsKey(r.Id)))
            changes.AddRange(Check(store, row, hash: true));
        return changes;
    }

    static IEnumerable<string> Check(IFileStore store, Row row, bool hash)
    {
        if (!store.Exists(row.StorageKey)) { yield return $"the stored bytes of {row.Name} ({row.Id}) are gone"; yield break; }
        if (store.Length(row.StorageKey) != row.SizeBytes) yield return $"the stored bytes of {row.Name} ({row.Id}) changed length";
        if (!hash) yield break;
        using var stream = store.OpenRead(row.StorageKey);
        if (Convert.ToHexStringLower(SHA256.HashData(stream)) != row.Sha256) yield return $"the stored bytes of {row.Name} ({row.Id}) no longer match its SHA-256";
    }
}
