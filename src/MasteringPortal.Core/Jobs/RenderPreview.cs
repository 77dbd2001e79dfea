using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>The client's pre-payment preview of a render's 24-bit master, at the studio's settings.</summary>
internal static class RenderPreview
{
    /// <summary>The studio's preview settings for a project (Studio.PreviewBitrateKbps, PreviewWatermarkEverySeconds).</summary>
    /// <param name="sample">A sample master's preview: watermarked at the studio's sample interval (on by default) instead.</param>
    public static async Task<PreviewSettings> SettingsAsync(PortalDbContext db, Guid projectId, bool sample, CancellationToken ct)
    {
        var studio = await db.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.Studio!.PreviewBitrateKbps, p.Studio.PreviewWatermarkEverySeconds, p.Studio.SampleWatermarkEverySeconds })
            .FirstOrDefaultAsync(ct);
        if (studio is null) return new PreviewSettings();
        // Settings saved before the bounds existed (or edited in the database) are brought into range rather than failing a render.
        var kbps = Math.Clamp(studio.PreviewBitrateKbps, PreviewSettings.MinBitrateKbps, PreviewSettings.MaxBitrateKbps);
        var every = Math.Clamp(sample ? studio.SampleWatermarkEverySeconds : studio.PreviewWatermarkEverySeconds, 0, PreviewSettings.MaxWatermarkEverySeconds);
        return new PreviewSettings(kbps, every);
    }

    /// <summary>Encodes the preview (Audio/Render/PreviewEncoder) on the caller's thread.</summary>
    public static void Encode(string masterPath, string previewPath, PreviewSettings settings, AudioTools tools, CancellationToken ct) =>
        PreviewEncoder.Encode(masterPath, previewPath, settings, tools, ct);
}
