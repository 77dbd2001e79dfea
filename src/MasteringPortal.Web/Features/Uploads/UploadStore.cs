using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>What came of writing one chunk's bytes.</summary>
public enum ChunkWrite { Stored, TooLong, TooShort, ChecksumMismatch }

/// <summary>
/// Unfinished uploads on disk, under the file store's root in <c>uploads/&lt;id&gt;/</c>: a sparse
/// <c>data.part</c> the chunks are written into at their offsets, and <c>manifest.json</c>. Folder names are
/// upload ids, never a user's file name. The manifest is replaced atomically (temp file, fsync, rename), and
/// only after the chunk's bytes are flushed, so a chunk the manifest calls confirmed survives a crash.
/// </summary>
public sealed class UploadStore
{
    const int CopyBufferBytes = 128 * 1024;
    const string ManifestName = "manifest.json";
    const string PartName = "data.part";

    static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();
    readonly ConcurrentDictionary<(Guid, int), byte> arriving = new();

    public UploadStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Serialises changes to one upload's manifest (chunks of one upload arrive in parallel).</summary>
    public async Task<IDisposable> LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var gate = locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public string PartPath(Guid id) => Path.Combine(FolderOf(id), PartName);

    /// <summary>Makes the folder, a part file of the final length (sparse: it takes no space until written) and the first manifest.</summary>
    public async Task CreateAsync(UploadManifest manifest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(FolderOf(manifest.Id));
        await using (var part = new FileStream(PartPath(manifest.Id), FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            part.SetLength(manifest.SizeBytes);
        await SaveAsync(manifest, cancellationToken);
    }

    public async Task<UploadManifest?> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var path = Path.Combine(FolderOf(id), ManifestName);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return await JsonSerializer.DeserializeAsync<UploadManifest>(file, Json, cancellationToken);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (JsonException) { return null; } // never written completely: the rename makes this a leftover of a crash, not a live upload
    }

    /// <summary>Replaces the manifest atomically: readers see the old one or the new one, never half of one.</summary>
    public async Task SaveAsync(UploadManifest manifest, CancellationToken cancellationToken)
    {
        var folder = FolderOf(manifest.Id);
        var temp = Path.Combine(folder, ManifestName + "." + Guid.NewGuid().ToString("N") + ".tmp");
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(file, manifest, Json, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, Path.Combine(folder, ManifestName), overwrite: true);
    }

    public async IAsyncEnumerable<UploadManifest> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (!Guid.TryParseExact(Path.GetFileName(folder), "N", out var id)) continue;
            if (await ReadAsync(id, cancellationToken) is { } manifest) yield return manifest;
        }
    }

    /// <summary>
    /// Streams one chunk from <paramref name="body"/> into the part file at its offset through a small buffer,
    /// hashing as it goes; flushes to disk before it answers <see cref="ChunkWrite.Stored"/>. A chunk that is
    /// too long, ends early or does not match <paramref name="expectedSha256"/> is reported, and the caller
    /// does not confirm it (its bytes are simply overwritten when it is sent again).
    /// </summary>
    public async Task<ChunkWrite> WriteChunkAsync(UploadManifest manifest, int index, string expectedSha256, Stream body, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Pooled: a fresh 128 KiB array per chunk would land on the large-object heap every time.
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            return await CopyChunkAsync(manifest, index, expectedSha256, body, hash, buffer, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    async Task<ChunkWrite> CopyChunkAsync(UploadManifest manifest, int index, string expectedSha256, Stream body, IncrementalHash hash,
        byte[] buffer, CancellationToken cancellationToken)
    {
        var expectedLength = manifest.LengthOf(index);
        long written = 0;
        await using (var part = new FileStream(PartPath(manifest.Id), FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous))
        {
            part.Position = manifest.OffsetOf(index);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
            {
                if (written + read > expectedLength) return ChunkWrite.TooLong;
                hash.AppendData(buffer, 0, read);
                await part.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                written += read;
            }
            if (written < expectedLength) return ChunkWrite.TooShort;
            if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), expectedSha256, StringComparison.Ordinal))
                return ChunkWrite.ChecksumMismatch;
            part.Flush(flushToDisk: true);
        }
        return ChunkWrite.Stored;
    }

    /// <summary>Marks a chunk as being written, so a second copy sent at the same moment cannot interleave with it.</summary>
    public bool TryBeginChunk(Guid id, int index) => arriving.TryAdd((id, index), 0);

    public void EndChunk(Guid id, int index) => arriving.TryRemove((id, index), out _);

    /// <summary>Whether any piece of this upload is being written at this moment.</summary>
    public bool IsAnyChunkArriving(Guid id) => arriving.Keys.Any(k => k.Item1 == id);

    /// <summary>Streams the whole part file through SHA-256 (lower-case hex).</summary>
    public Task<string> HashPartAsync(Guid id, CancellationToken cancellationToken) =>
        HashAsync(new FileStream(PartPath(id), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous),
            cancellationToken);

    /// <summary>SHA-256 (lower-case hex) of everything <paramref name="content"/> holds; disposes it.</summary>
    public static async Task<string> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        await using (content)
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }

    public void Delete(Guid id)
    {
        try { Directory.Delete(FolderOf(id), recursive: true); }
        catch (DirectoryNotFoundException) { }
        locks.TryRemove(id, out _);
    }

    /// <summary>
    /// Deletes uploads nobody touched for <paramref name="age"/> (finished ones too: their manifest only answered
    /// status requests), and folders a crash left without a readable manifest. Returns how many went.
    /// </summary>
    public async Task<int> DeleteAbandonedAsync(TimeSpan age, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (!Guid.TryParseExact(Path.GetFileName(folder), "N", out var id)) continue;
            var manifest = await ReadAsync(id, cancellationToken);
            var lastTouched = manifest?.UpdatedAt ?? new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);
            if (now - lastTouched <= age) continue;
            using (await LockAsync(id, cancellationToken))
                Delete(id);
            removed++;
        }
        return removed;
    }

    string FolderOf(Guid id) => Path.Combine(Root, id.ToString("N"));

    sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        int released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
