using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

public sealed partial class JobRunner
{
    /// <summary>The studio's preview settings for a project (Studio.PreviewBitrateKbps, PreviewWatermarkEverySeconds).</summary>
    static async Task<PreviewSettings> PreviewSettingsAsync(PortalDbContext db, Guid projectId, CancellationToken ct)
    {
        var studio = await db.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.Studio!.PreviewBitrateKbps, p.Studio.PreviewWatermarkEverySeconds })
            .FirstOrDefaultAsync(ct);
        if (studio is null) return new PreviewSettings();
        // Settings saved before the bounds existed (or edited in the database) are brought into range rather than failing a render.
        var kbps = Math.Clamp(studio.PreviewBitrateKbps, PreviewSettings.MinBitrateKbps, PreviewSettings.MaxBitrateKbps);
        var every = Math.Clamp(studio.PreviewWatermarkEverySeconds, 0, PreviewSettings.MaxWatermarkEverySeconds);
        return new PreviewSettings(kbps, every);
    }

    /// <summary>The client's pre-payment preview of the 24-bit master (Audio/Render/PreviewEncoder), on a worker thread.</summary>
    Task<bool> EncodePreviewAsync(string masterPath, string previewPath, PreviewSettings settings, CancellationToken ct) => Task.Run(() =>
    {
        PreviewEncoder.Encode(masterPath, previewPath, settings, options.Decode, ct);
        return true;
    }, ct);

    /// <summary>The Preview FileAsset of a revision: what clients stream before the project is paid.</summary>
    FileAsset PreviewAsset(Track track, Revision revision, string path, StoredFile stored)
    {
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Preview,
            OriginalName = FileStem(track.Title, revision.Number) + " (preview).mp3",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, CreatedAt = clock.GetUtcNow(),
        };
        DescribeFormat(asset, new RenderedFile(Deliverables.Mp3, path, null, 0));
        return asset;
    }
}
