using System.Security.Cryptography;

namespace MasteringPortal.Core.Storage;

/// <summary>
/// Files on local disk under one root, as <c>root/ab/cd/abcd…</c> (two fan-out levels keep folders
/// small). A put streams into <c>root/tmp/</c> while hashing, flushes to disk (fsync), then renames
/// into place: rename within one file system is atomic, so a reader never sees a half-written file,
/// and a crash leaves at most a stray temp file.
/// </summary>
public sealed partial class LocalFileStore : IFileStore
{
    const int BufferBytes = 1 << 20;
    readonly string root;
    readonly string tempFolder;

    public LocalFileStore(string root)
    {
        this.root = Path.GetFullPath(root);
        tempFolder = Path.Combine(this.root, "tmp");
        Directory.CreateDirectory(tempFolder);
    }

    public string Root => root;

    /// <summary>
    /// Where a stored file lies on disk, for readers that need a path (ffmpeg, the renderer). Read only: a
    /// stored file is never changed in place. Throws FileNotFoundException if absent.
    /// </summary>
    public string LocalPath(string key)
    {
        var path = ReadPathFor(key);
        return File.Exists(path) ? path : throw new FileNotFoundException("No stored file with this key.", key);
    }

    public async Task<StoredFile> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var tempPath = Path.Combine(tempFolder, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            string key;
            long size = 0;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes,
                             FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferBytes];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                key = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var finalPath = PathFor(key);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            if (File.Exists(finalPath))
            {
                File.Delete(tempPath); // same bytes already stored
            }
            else
            {
                try { File.Move(tempPath, finalPath, overwrite: false); }
                catch (IOException) when (File.Exists(finalPath)) { File.Delete(tempPath); } // a concurrent put of the same bytes won
            }
            return new StoredFile(key, key, size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Moves a complete, flushed file into place under <paramref name="sha256"/> by rename: no second copy and
    /// no second hash (the uploads folder lives under this root, on the same file system). The caller vouches
    /// that the hash was computed over the file's current bytes. When the same content is already stored, the
    /// file is simply deleted.
    /// </summary>
    public Task<StoredFile> ImportAsync(string localPath, string sha256, CancellationToken cancellationToken = default)
    {
        StorageKey.Require(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        var size = new FileInfo(localPath).Length;
        var finalPath = PathFor(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        if (File.Exists(finalPath))
        {
            File.Delete(localPath);
        }
        else
        {
            try { File.Move(localPath, finalPath, overwrite: false); }
            catch (IOException) when (File.Exists(finalPath)) { File.Delete(localPath); } // the same bytes arrived concurrently
        }
        return Task.FromResult(new StoredFile(sha256, sha256, size));
    }

    public Stream OpenRead(string key) =>
        new FileStream(ReadPathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);

    public bool Exists(string key) => File.Exists(ReadPathFor(key));

    public void Delete(string key)
    {
        TryDelete(PathFor(key));
        TryDelete(ArchivePathFor(key));
    }

    public long Length(string key)
    {
        var info = new FileInfo(ReadPathFor(key));
        return info.Exists ? info.Length : throw new FileNotFoundException("No stored file with this key.", key);
    }

    /// <summary>Removes temp files older than <paramref name="age"/>, left behind by a crash mid-put.</summary>
    public int DeleteStaleTempFiles(TimeSpan age, DateTimeOffset now)
    {
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(tempFolder, "*.part"))
        {
            if (now - File.GetLastWriteTimeUtc(path) > age && TryDelete(path)) removed++;
        }
        return removed;
    }

    /// <summary>The only way a path is made: from a validated key, never from user text.</summary>
    string PathFor(string key) => Path.Combine(root, RelativePath(key));

    /// <summary>Where a key lies below the root ("ab/cd/abcd…"): the layout backups copy as it is.</summary>
    public static string RelativePath(string key)
    {
        StorageKey.Require(key);
        return $"{key[..2]}/{key[2..4]}/{key}";
    }

    static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
