using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>
/// Tagged copies of a delivery's FLAC, MP3 and AAC files, made by ffmpeg before the ZIP starts (the coded audio is
/// copied, never encoded again) in a scratch folder on the storage's disk, removed with this object.
/// </summary>
public sealed class TaggedCopies(string folder) : IAsyncDisposable
{
    readonly Dictionary<Guid, string> paths = [];

    /// <summary>Makes the tagged copy of <paramref name="file"/>. Throws what the tagger throws for a file it cannot tag.</summary>
    public async Task AddAsync(FileAsset file, ReleaseTags tags, IFileStore store, AudioTools tools, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var extension = file.Format switch { "flac" => ".flac", "mp3" => ".mp3", _ => ".m4a" };
        var name = file.Id.ToString("N");
        var stored = await store.LocalPathAsync(file.StorageKey, Path.Combine(folder, name + ".stored"), ct);
        // The tagger reads the container from the name: the stored file's path has no extension, so a link gives it one.
        var source = Path.Combine(folder, name + ".source" + extension);
        File.CreateSymbolicLink(source, Path.GetFullPath(stored));
        var output = Path.Combine(folder, name + extension);
        await Task.Run(() => TaggedEncodes.Tag(source, output, tags, tools, ct), ct);
        paths[file.Id] = output;
    }

    /// <summary>The tagged copy of <paramref name="file"/>, or null when none was made.</summary>
    public string? PathOf(FileAsset file) => paths.GetValueOrDefault(file.Id);

    public ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
