using System.Security.Cryptography;
using MasteringPortal.Core.Storage;

namespace MasteringPortal.Core.Backup;

/// <summary>What a backup did: where, how many stored files it copied (new) and how many it found there already.</summary>
public sealed record BackupResult(string Folder, int FilesCopied, int FilesAlreadyThere, long BytesCopied, BackupManifest Manifest);

/// <summary>
/// A consistent backup of a running install into a folder: the database first (a snapshot), then the keys, then every
/// stored file, and the manifest last. A row is saved only after its file is stored and stored files are never
/// changed, so every file a row of the snapshot names is already in the store when the files are copied: a restore
/// never has a row without its file (an upload or render that finished after the snapshot is simply not in it).
/// Files are content-addressed, so a folder that holds an earlier backup gets only the new ones; each copied file is
/// hashed as it is written and checked against its name. Scheduled backups keep one folder each and share one files
/// folder beside them (<c>sharedFilesFolder</c>), so a file is stored once however many backups list it; the
/// manifest then names it relative to the backup's folder ("../files/ab/cd/…"), which a restore reads as any other path.
/// </summary>
public static class PortalBackup
{
    public const string FilesFolder = "files";
    public const string KeysFolder = "keys";

    public static async Task<BackupResult> CreateAsync(BackupSources sources, string folder, TimeProvider clock,
        IProgress<string>? log = null, CancellationToken ct = default, string? sharedFilesFolder = null)
    {
        folder = Path.GetFullPath(folder);
        var filesFolder = Path.GetFullPath(sharedFilesFolder ?? Path.Combine(folder, FilesFolder));
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, BackupManifest.FileName)); // from here until the end, the folder is "interrupted"
        var createdAt = clock.GetUtcNow();

        log?.Report("Copying the database ...");
        var databaseName = DatabaseSnapshot.FileNameFor(sources.Provider);
        var databasePath = Path.Combine(folder, databaseName);
        await DatabaseSnapshot.WriteAsync(sources, databasePath, ct);
        var database = new BackupEntry(databaseName, new FileInfo(databasePath).Length, await HashAsync(databasePath, ct));

        log?.Report("Copying the sign-in keys ...");
        var keysTarget = Path.Combine(folder, KeysFolder);
        if (Directory.Exists(keysTarget)) Directory.Delete(keysTarget, recursive: true);
        Directory.CreateDirectory(keysTarget);
        var keys = new List<BackupEntry>();
        if (Directory.Exists(sources.KeysFolder))
            foreach (var key in Directory.EnumerateFiles(sources.KeysFolder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(key);
                File.Copy(key, Path.Combine(keysTarget, name));
                keys.Add(new BackupEntry($"{KeysFolder}/{name}", new FileInfo(key).Length, await HashAsync(key, ct)));
            }

        log?.Report("Copying the stored files ...");
        var files = new List<BackupEntry>();
        int copied = 0, present = 0;
        long bytes = 0;
        foreach (var source in StoredFiles(sources.StorageRoot))
        {
            ct.ThrowIfCancellationRequested();
            var key = Path.GetFileName(source);
            var relative = Path.GetRelativePath(sources.StorageRoot, source).Replace('\\', '/');
            var target = Path.Combine(filesFolder, relative);
            var size = new FileInfo(source).Length;
            if (File.Exists(target) && new FileInfo(target).Length == size)
            {
                present++;
            }
            else
            {
                await CopyVerifiedAsync(source, target, key, ct);
                copied++;
                bytes += size;
            }
            files.Add(new BackupEntry(Path.GetRelativePath(folder, target).Replace('\\', '/'), size, key,
                Archived: relative == LocalFileStore.ArchiveRelativePath(key) ? true : null));
        }

        var manifest = new BackupManifest(BackupManifest.CurrentFormat, createdAt, sources.Provider.ToString(), database, keys, files);
        var manifestPath = Path.Combine(folder, BackupManifest.FileName);
        await File.WriteAllTextAsync(manifestPath + ".partial", manifest.ToJson(), ct);
        File.Move(manifestPath + ".partial", manifestPath, overwrite: true);
        log?.Report($"Backup complete: {files.Count} files ({copied} new), the database and {keys.Count} keys in {folder}.");
        return new BackupResult(folder, copied, present, bytes, manifest);
    }

    /// <summary>The content-addressed files of a store, live and archived (not its temp, upload or job folders).</summary>
    public static IEnumerable<string> StoredFiles(string storageRoot) => Directory.Exists(storageRoot)
        ? Directory.EnumerateFiles(storageRoot, "*", SearchOption.AllDirectories)
            .Where(p => StorageKey.IsValid(Path.GetFileName(p))
                        && Path.GetRelativePath(storageRoot, p).Replace('\\', '/') is var relative
                        && (relative == StorePath(Path.GetFileName(p)) || relative == LocalFileStore.ArchiveRelativePath(Path.GetFileName(p))))
            .Order(StringComparer.Ordinal)
        : [];

    /// <summary>Where the store keeps a key, relative to its root ("ab/cd/abcd…").</summary>
    public static string StorePath(string key) => LocalFileStore.RelativePath(key);

    /// <summary>Copies through a temporary name while hashing; a file whose bytes do not match its name is refused.</summary>
    internal static async Task CopyVerifiedAsync(string source, string target, string expectedSha256, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous))
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 20];
                int n;
                while ((n = await input.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != expectedSha256)
            {
                File.Delete(partial);
                throw new BackupException($"The stored file {expectedSha256} does not hold the bytes its name promises (it hashes to {actual}): " +
                                          "the storage may be damaged. Nothing was written for it.");
            }
        }
        File.Move(partial, target, overwrite: true);
    }

    internal static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
