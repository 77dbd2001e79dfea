namespace MasteringPortal.Core.Storage;

/// <summary>What a put stored: the key to find it again (its SHA-256), and its size.</summary>
public sealed record StoredFile(string Key, string Sha256, long SizeBytes);

/// <summary>
/// Content-addressed file storage: a file's key is the lower-case hex SHA-256 of its bytes, so the same
/// content is stored once and no name a user chose ever becomes a path. Keys that are not 64 hex
/// characters are refused with <see cref="ArgumentException"/>.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the stream's bytes; visible under the returned key only once complete and flushed to disk.</summary>
    Task<StoredFile> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file for reading (seekable, for HTTP Range requests); throws FileNotFoundException if absent.</summary>
    Stream OpenRead(string key);

    bool Exists(string key);

    /// <summary>Removes a stored file; no error when it is already gone.</summary>
    void Delete(string key);

    /// <summary>Size in bytes; throws FileNotFoundException if absent.</summary>
    long Length(string key);

    /// <summary>
    /// Takes over a complete local file whose SHA-256 the caller has already computed (a finished upload), so
    /// it is not hashed or copied a second time. The file is gone from <paramref name="localPath"/> afterwards.
    /// This default streams it through <see cref="PutAsync"/> and checks the hash; a store on the same disk
    /// overrides it with a rename.
    /// </summary>
    async Task<StoredFile> ImportAsync(string localPath, string sha256, CancellationToken cancellationToken = default)
    {
        StorageKey.Require(sha256);
        StoredFile stored;
        await using (var source = File.OpenRead(localPath))
            stored = await PutAsync(source, cancellationToken);
        if (stored.Key != sha256)
            throw new InvalidOperationException($"The file at {localPath} does not have the SHA-256 its importer declared.");
        File.Delete(localPath);
        return stored;
    }
}
