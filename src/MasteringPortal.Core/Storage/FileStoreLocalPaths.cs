namespace MasteringPortal.Core.Storage;

/// <summary>Local paths for the audio engine, which reads files (ffmpeg needs a path, the WAV reader seeks).</summary>
public static class FileStoreLocalPaths
{
    /// <summary>
    /// A path on local disk to read a stored file from: the stored file itself when the store is local disk,
    /// otherwise a copy written to <paramref name="copyPath"/> (the caller deletes it). Throws
    /// <see cref="FileNotFoundException"/> when nothing is stored under the key.
    /// </summary>
    public static async Task<string> LocalPathAsync(this IFileStore store, string key, string copyPath, CancellationToken ct = default)
    {
        if (!store.Exists(key)) throw new FileNotFoundException("No stored file with this key.", key);
        if (store is LocalFileStore local) return local.LocalPath(key);
        await using (var source = store.OpenRead(key))
        await using (var target = File.Create(copyPath))
            await source.CopyToAsync(target, ct);
        return copyPath;
    }
}
