using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The FileAsset rows of a finished render: the masters and the preview with the names clients see, and their
/// format facts read back from the written files.
/// </summary>
internal sealed class RenderedAssets(AudioTools tools, RunningJobContext context)
{
    /// <summary>One Master FileAsset per deliverable; of an alternate version when <paramref name="alternate"/> is given.</summary>
    public FileAsset Master(Track track, Revision revision, RenderedFile file, StoredFile stored, TrackAlternate? alternate = null)
    {
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master, TrackAlternateId = alternate?.Id,
            OriginalName = FileNameFor(alternate is null ? track.Title : AlternateTitle(track.Title, alternate.Kind), revision.Number, file.Kind),
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, file);
        return asset;
    }

    /// <summary>The Preview FileAsset of a revision: what clients stream before the project is paid.</summary>
    public FileAsset Preview(Track track, Revision revision, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Preview,
            OriginalName = FileStem(track.Title, revision.Number) + " (preview).mp3",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, new RenderedFile(Deliverables.Mp3, path, null, 0));
        return asset;
    }

    /// <summary>A sample's passage of the mix, encoded like the sample's preview: what the client compares the sample with.</summary>
    public FileAsset MixExcerpt(Track track, Revision revision, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.MixExcerpt,
            OriginalName = FileStem(track.Title, revision.Number) + " (mix passage, preview).mp3",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, new RenderedFile(Deliverables.Mp3, path, null, 0));
        return asset;
    }

    /// <summary>
    /// The listening copy of a mix for the client before payment: encoded like a revision's preview, so that what she
    /// compares is preview with preview.
    /// </summary>
    public FileAsset MixPreview(FileAsset mix, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = mix.ProjectId, TrackId = mix.TrackId, PreviewOfId = mix.Id, Kind = FileAssetKind.Preview,
            OriginalName = Path.GetFileNameWithoutExtension(mix.OriginalName) + " (preview).mp3",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, new RenderedFile(Deliverables.Mp3, path, null, 0));
        return asset;
    }

    /// <summary>A revision's master as a platform streams it (<see cref="PlatformCopies"/>): what "as played on …" plays.</summary>
    public FileAsset PlatformCopy(Track track, Revision revision, MasteringPortal.Audio.Platforms.PlatformRule rule, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.PlatformCopy,
            OriginalName = $"{FileStem(track.Title, revision.Number)} (as played on {rule.Name}).{rule.Codec.Extension}",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, new RenderedFile(Deliverables.Mp3, path, null, 0));
        asset.Format = rule.Codec.Extension;
        return asset;
    }

    /// <summary>The platform copies' FileAssets, each handed to <paramref name="add"/>, and the report's line for each.</summary>
    public List<RenderReportPlatform> PlatformCopies(Track track, Revision revision, Action<FileAsset> add,
        IEnumerable<(PlatformCopies.Made Made, StoredFile Stored)> copies)
    {
        var reports = new List<RenderReportPlatform>();
        foreach (var (made, put) in copies)
        {
            var copy = PlatformCopy(track, revision, made.Rule, made.CopyPath, put);
            add(copy);
            reports.Add(new RenderReportPlatform(made.Check, copy.Id, made.Rule.Codec.MimeType));
        }
        return reports;
    }

    /// <summary>A file of an album assembly (the programme, its CD version, its preview), named for the release.</summary>
    public FileAsset AlbumFile(Guid projectId, FileAssetKind kind, string name, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = projectId, Kind = kind, OriginalName = name,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = context.Now,
        };
        DescribeFormat(asset, new RenderedFile(kind == FileAssetKind.AlbumPreview ? Deliverables.Mp3 : Deliverables.Wav24, path, null, 0));
        return asset;
    }

    /// <summary>The timeline's line for the render.</summary>
    public static string Description(string trackTitle, int number, RenderResult result)
    {
        var lufs = result.IntegratedLufs is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " LUFS" : "silence";
        var peak = result.TruePeakDbtp.ToString("0.0", CultureInfo.InvariantCulture);
        return $"Revision {number} of \"{trackTitle}\" rendered: {lufs}, true peak {peak} dBTP.";
    }

    /// <summary>An alternate's title: "Opening (Instrumental)", "Opening (A cappella)", "Opening (TV mix)".</summary>
    public static string AlternateTitle(string trackTitle, AlternateKind kind) => $"{trackTitle.Trim()} ({AlternateKinds.Title(kind)})";

    /// <summary>"Opening – revision 2.wav", "Opening (Instrumental) – revision 2.wav", "… (16-bit 44.1 kHz).wav", ".mp3", ".m4a", ".flac": shown and offered on download, never a path.</summary>
    static string FileNameFor(string trackTitle, int number, Deliverables kind)
    {
        var stem = FileStem(trackTitle, number);
        return kind switch
        {
            Deliverables.Wav16 => stem + " (16-bit 44.1 kHz).wav",
            Deliverables.Mp3 => stem + ".mp3",
            Deliverables.Aac => stem + ".m4a",
            Deliverables.Flac => stem + ".flac",
            _ => stem + ".wav",
        };
    }

    /// <summary>"Opening – revision 2": the track's title made safe for a file name, and the revision.</summary>
    static string FileStem(string trackTitle, int number) => $"{SafeTitle(trackTitle, "Track")} – revision {number}";

    /// <summary>A title made safe for a file name (characters a file name cannot hold become '-'); <paramref name="fallback"/> when empty.</summary>
    public static string SafeTitle(string title, string fallback)
    {
        var safe = string.Concat(title.Trim().Select(c => Path.GetInvalidFileNameChars().Contains(c) || char.IsControl(c) ? '-' : c));
        return safe.Length == 0 ? fallback : safe;
    }

    /// <summary>Format facts of a written file; a probe failure leaves them empty for the analysis to fill.</summary>
    void DescribeFormat(FileAsset asset, RenderedFile file)
    {
        asset.Format = file.Kind switch { Deliverables.Mp3 => "mp3", Deliverables.Aac => "aac", Deliverables.Flac => "flac", _ => "wav" };
        try
        {
            var info = AudioFile.Probe(file.Path, tools);
            asset.SampleRateHz = info.Format.SampleRateHz;
            asset.Channels = info.Format.Channels;
            asset.BitDepth = file.Kind == Deliverables.Flac ? info.Format.BitDepth
                : info.Format.IsLossy || info.Format.Encoding == Audio.SampleEncoding.Compressed ? null : info.Format.BitDepth;
            asset.DurationSeconds = info.Duration?.TotalSeconds;
        }
        catch (Exception e) when (e is Audio.AudioFileException or IOException)
        {
            context.Logger.LogWarning(e, "Probing the rendered {Kind} file failed", file.Kind);
        }
    }
}
