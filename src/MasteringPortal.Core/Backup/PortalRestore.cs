using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Backup;

/// <summary>What a restore brought back.</summary>
public sealed record RestoreResult(int Files, int Keys, DateTimeOffset BackupTakenAt);

/// <summary>
/// Brings a backup back into an install: every file of the manifest is checked first (size and SHA-256; nothing is
/// touched when one does not match), then the database, the keys (so sign-ins and links made before keep working)
/// and the stored files. An install that already holds a database or stored files is refused unless the caller says
/// to overwrite it.
/// </summary>
public static class PortalRestore
{
    public static async Task<RestoreResult> RunAsync(BackupSources target, string folder, bool overwrite,
        IProgress<string>? log = null, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        var manifest = BackupManifest.Read(folder);
        if (!string.Equals(manifest.DatabaseProvider, target.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new BackupException($"This backup holds a {manifest.DatabaseProvider} database; this install uses {target.Provider}.");
        if (!overwrite && await WhyNotEmptyAsync(target, ct) is { } notEmpty)
            throw new BackupException($"This install is not empty ({notEmpty}). Restore into a fresh install, or pass --force to replace what is there.");

        log?.Report("Checking every file of the backup ...");
        foreach (var entry in new[] { manifest.Database }.Concat(manifest.Keys).Concat(manifest.Files))
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, entry.Path);
            if (!File.Exists(path)) throw new BackupException($"The backup is incomplete: {entry.Path} is missing. Nothing was restored.");
            if (new FileInfo(path).Length != entry.SizeBytes || await PortalBackup.HashAsync(path, ct) != entry.Sha256)
                throw new BackupException($"The backup is damaged: {entry.Path} is not the file that was backed up. Nothing was restored.");
        }

        log?.Report("Restoring the database ...");
        await DatabaseSnapshot.RestoreAsync(target, Path.Combine(folder, manifest.Database.Path), ct);

        log?.Report("Restoring the sign-in keys ...");
        Directory.CreateDirectory(target.KeysFolder);
        foreach (var key in manifest.Keys)
            File.Copy(Path.Combine(folder, key.Path), Path.Combine(target.KeysFolder, Path.GetFileName(key.Path)), overwrite: true);

        log?.Report("Restoring the stored files ...");
        foreach (var file in manifest.Files)
        {
            var destination = Path.Combine(target.StorageRoot,
                file.Archived == true ? Storage.LocalFileStore.ArchiveRelativePath(file.Sha256) : PortalBackup.StorePath(file.Sha256));
            if (File.Exists(destination) && new FileInfo(destination).Length == file.SizeBytes) continue;
            await PortalBackup.CopyVerifiedAsync(Path.Combine(folder, file.Path), destination, file.Sha256, ct);
        }
        log?.Report($"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC: the database, {manifest.Keys.Count} keys and {manifest.Files.Count} files.");
        return new RestoreResult(manifest.Files.Count, manifest.Keys.Count, manifest.CreatedAt);
    }

    /// <summary>Why the install counts as in use (a studio in its database, or stored files), or null when it is empty.</summary>
    static async Task<string?> WhyNotEmptyAsync(BackupSources target, CancellationToken ct)
    {
        if (PortalBackup.StoredFiles(target.StorageRoot).Any()) return $"{target.StorageRoot} holds stored files";
        if (target.Provider == DatabaseProvider.Sqlite
            && !File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource))
            return null;
        await using var db = new PortalDbContext(PortalDatabase.Options(target.Provider, target.ConnectionString));
        try
        {
            return await db.Studios.AnyAsync(ct) ? "its database holds a studio" : null;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            return null; // no tables yet: a database nobody has used
        }
    }
}
