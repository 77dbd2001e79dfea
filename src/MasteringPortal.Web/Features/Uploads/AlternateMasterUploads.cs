using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// The engineer's master of an alternate version (instrumental, a cappella, clean, TV mix) beside a master uploaded from
/// their desk (docs/ALBUM.md, "Alternate versions"): checked when its upload completes, before anything is saved, against
/// that revision's main master with <see cref="AlternateAlignment"/> (the same rate and channels, the same length and
/// start, and the level of what differs). One that would not drop in for the main master (another start or length,
/// the polarity flipped, the main master itself sent again) is refused with the check's own sentences, so the alternate
/// master already there, if any, stays.
/// </summary>
public static class AlternateMasterUploads
{
    /// <summary>What the verdicts call the file it is checked against.</summary>
    public const string MainName = "main master";

    /// <summary>The master the engineer uploaded as the revision itself (never an alternate's), or null.</summary>
    public static Task<FileAsset?> MainMasterAsync(PortalDbContext db, Guid revisionId, CancellationToken ct) =>
        db.FileAssets.AsNoTracking()
            .Where(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.Master && f.UploadedById != null && f.TrackAlternateId == null)
            .OrderBy(f => f.CreatedAt).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Measures the uploaded file at <paramref name="alternatePath"/> against the revision's main master: the report when it
    /// drops in, else the refusal in words.
    /// </summary>
    public static async Task<(AlternateAlignmentReport? Report, string? Refusal)> CheckAsync(PortalDbContext db, IFileStore files, AudioTools tools,
        Guid revisionId, AlternateKind kind, string alternatePath, CancellationToken ct)
    {
        var main = await MainMasterAsync(db, revisionId, ct);
        if (main is null) return (null, ProjectCommands.AlternateMasterTooEarly);
        if (!files.Exists(main.StorageKey))
            return (null, "The main master of this revision is missing from the studio's storage, so nothing can be checked against it. Please tell the studio.");
        var copy = Path.Combine(Path.GetTempPath(), $"mp-main-master-{Guid.NewGuid():N}.audio");
        try
        {
            var mainPath = await files.LocalPathAsync(main.StorageKey, copy, ct);
            var report = await Task.Run(() => AlternateAlignment.Measure(mainPath, alternatePath, AlternateKinds.Words(kind), MainName, tools, ct), ct);
            return WhyNot(report) is { } refusal ? (null, refusal) : (report, null);
        }
        catch (Exception e) when (e is AlternateAlignmentException or AudioFileException)
        {
            return (null, $"{e.Message} Nothing was saved; the alternate masters already here stay as they are.");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>
    /// Why this alternate master cannot go beside the main master (its verdicts, and that nothing was saved); null when it
    /// lines up to the sample, the right way up, and differs from the main master.
    /// </summary>
    public static string? WhyNot(AlternateAlignmentReport report) =>
        report.LinesUp && !report.PolarityInverted && report.DifferencePeakDbfs >= AlternateAlignment.SameAsMainPeakDbfs
            ? null
            : $"{string.Join(" ", report.Verdicts)} Nothing was saved; the alternate masters already here stay as they are.";
}
