using MasteringPortal.Core.Storage;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// The portal's store with a hold: once armed, the next put completes (its bytes are in the store) and then waits
/// until the test lets it go. A render stopped there has stored its first master but not saved the rows that name
/// it: the moment a backup is most likely to catch half of something.
/// </summary>
public sealed class PausingFileStore(IFileStore inner) : IFileStore
{
    readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int armed;

    /// <summary>Completes when a put made after <see cref="Arm"/> has stored its bytes and is waiting.</summary>
    public Task Paused => paused.Task;

    /// <summary>The key of the file stored by the put that is waiting.</summary>
    public string? PausedKey { get; private set; }

    public void Arm() => Interlocked.Exchange(ref armed, 1);

    public void Release() => released.TrySetResult();

    public async Task<StoredFile> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var stored = await inner.PutAsync(content, cancellationToken);
        if (Interlocked.Exchange(ref armed, 0) == 1)
        {
            PausedKey = stored.Key;
            paused.TrySetResult();
            await released.Task.WaitAsync(cancellationToken);
        }
        return stored;
    }

    public Task<StoredFile> ImportAsync(string localPath, string sha256, CancellationToken cancellationToken = default) =>
        inner.ImportAsync(localPath, sha256, cancellationToken);

    public Stream OpenRead(string key) => inner.OpenRead(key);

    public bool Exists(string key) => inner.Exists(key);

    public void Delete(string key) => inner.Delete(key);

    public long Length(string key) => inner.Length(key);
}
