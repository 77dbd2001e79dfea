using System.IO.Compression;
using System.Text.Json;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>
/// A ZIP written forward-only to a response: ZipArchive in Create mode on a non-seekable stream writes each entry's
/// sizes in a data descriptor after its data, so nothing is buffered per entry. Audio is stored, not compressed.
/// </summary>
public sealed class StreamedZip : IAsyncDisposable
{
    readonly AsyncOnlyStream output;
    readonly ZipArchive zip;

    StreamedZip(AsyncOnlyStream output, ZipArchive zip) => (this.output, this.zip) = (output, zip);

    /// <summary>Headers for a ZIP download that is not cached and not buffered by the server.</summary>
    public static void PrepareResponse(HttpContext context, string fileName)
    {
        var response = context.Response;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        response.Headers.CacheControl = "private, no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public static async Task<StreamedZip> StartAsync(Stream output, CancellationToken ct)
    {
        var stream = new AsyncOnlyStream(output);
        return new StreamedZip(stream, await ZipArchive.CreateAsync(stream, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct));
    }

    /// <summary>Copies a stored file into the ZIP under <paramref name="entryName"/>.</summary>
    public async Task AddStoredAsync(string entryName, DateTimeOffset time, IFileStore store, string key, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        await using var source = store.OpenRead(key);
        await source.CopyToAsync(target, 128 * 1024, ct);
    }

    /// <summary>A local file (a tagged copy) into the ZIP under <paramref name="entryName"/>.</summary>
    public async Task AddLocalAsync(string entryName, DateTimeOffset time, string path, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await source.CopyToAsync(target, 128 * 1024, ct);
    }

    /// <summary>A small file made for the delivery (the listing, a CUE sheet, a DDP descriptor), compressed.</summary>
    public async Task AddBytesAsync(string entryName, DateTimeOffset time, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        await target.WriteAsync(bytes, ct);
    }

    /// <summary>A stored WAV with the release's tags written into its header; its samples are copied as stored.</summary>
    public async Task AddTaggedWavAsync(string entryName, DateTimeOffset time, IFileStore store, string key, ReleaseTags tags, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        await using var source = store.OpenRead(key);
        await WavTagWriter.WriteAsync(source, target, tags, ct);
    }

    /// <summary>Only the sample data of a stored WAV: a DDP image's IMAGE.DAT is exactly a CD WAV's data chunk.</summary>
    public async Task AddWavSamplesAsync(string entryName, DateTimeOffset time, IFileStore store, string key, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        var source = store.OpenRead(key);
        StreamWindow samples;
        try
        {
            var (offset, length, _) = WavData.Locate(source);
            samples = new StreamWindow(source, offset, length);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
        await using (samples) await samples.CopyToAsync(target, 128 * 1024, ct);
    }

    /// <summary>Writes <paramref name="value"/> as a JSON entry (compressed: it is text).</summary>
    public async Task AddJsonAsync<T>(string entryName, DateTimeOffset time, T value, JsonSerializerOptions options, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.LastWriteTime = time;
        await using var target = await entry.OpenAsync(ct);
        await JsonSerializer.SerializeAsync(target, value, options, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await zip.DisposeAsync();
        await output.FlushAsync(CancellationToken.None);
    }

    /// <summary>
    /// The response body as ZipArchive may use it. Kestrel refuses synchronous writes, yet an entry's stream
    /// writes its small data descriptor synchronously when disposed (even after OpenAsync, .NET 10). Such
    /// writes are held here (a few dozen bytes each) and sent before the next asynchronous write; audio
    /// always goes through WriteAsync. A synchronous write of more than <see cref="MaxHeldBytes"/> means
    /// something buffers audio, which this stream refuses rather than hold it.
    /// </summary>
    sealed class AsyncOnlyStream(Stream inner) : WriteOnlyStream
    {
        const int MaxHeldBytes = 1 << 20;
        readonly MemoryStream held = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (held.Length + buffer.Length > MaxHeldBytes)
                throw new InvalidOperationException("A large synchronous write reached the ZIP response; it would be buffered in memory.");
            held.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await SendHeldAsync(ct);
            await inner.WriteAsync(buffer, ct);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async Task FlushAsync(CancellationToken ct)
        {
            await SendHeldAsync(ct);
            await inner.FlushAsync(ct);
        }

        async ValueTask SendHeldAsync(CancellationToken ct)
        {
            if (held.Length == 0) return;
            await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), ct);
            held.SetLength(0);
        }

        // Synchronous flushes (from ZipArchive's own Dispose paths) only mark a point; bytes go out on the next async call.
        public override void Flush() { }
    }
}
