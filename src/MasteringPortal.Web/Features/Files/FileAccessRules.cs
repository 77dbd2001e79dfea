using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Files;

/// <summary>What a file request may get: the file, or why not.</summary>
public enum FileDecision
{
    /// <summary>The user may hear and download it.</summary>
    Allowed,

    /// <summary>Not this user's to know about: answered exactly like a file that does not exist.</summary>
    NotFound,

    /// <summary>The user sees the project but may not have this file yet (a full-resolution master before payment).</summary>
    NotYet,
}

/// <summary>
/// Who may stream or download which stored file. Engineers: every file of their studio's projects. Clients,
/// on their own projects: the mixes (an alternate version's too) and references (they sent them) and the mixes' previews, previews of revisions posted to them,
/// and full-resolution masters of posted revisions once the project is paid. A revision the engineer has not
/// posted does not exist for the client. A revision's platform copies ("as played on Spotify") are heard like its preview.
/// A sample master is heard only as its watermarked preview, beside its passage
/// of the mix (<see cref="FileAssetKind.MixExcerpt"/>): its full-resolution file is never the client's, paid or not.
/// An album assembly's files are the studio's until the engineer posts it: then its preview is heard like a revision's,
/// its programme, CD version and vinyl sides are masters.
/// </summary>
public static class FileAccessRules
{
    public static async Task<(FileDecision Decision, FileAsset? File)> DecideAsync(PortalDbContext db, PortalViewer? viewer, Guid fileId,
        CancellationToken ct = default)
    {
        var file = await db.VisibleFiles(viewer).AsNoTracking().Include(f => f.Revision).FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null || viewer is null) return (FileDecision.NotFound, null);
        if (viewer.IsTeam) return (FileDecision.Allowed, file);
        switch (file.Kind)
        {
            case FileAssetKind.Mix or FileAssetKind.AlternateMix or FileAssetKind.Reference:
                return (FileDecision.Allowed, file);
            // An album assembly exists for the client once the engineer posted it: its preview at once, the programme and
            // its CD version like masters, once paid.
            case FileAssetKind.AlbumProgramme or FileAssetKind.AlbumCd or FileAssetKind.AlbumPreview or FileAssetKind.VinylSide:
                // A vinyl side is named by id in its assembly's report only.
                var idText = file.Id.ToString();
                var posted = await db.AlbumAssemblies.AsNoTracking().AnyAsync(a => a.ProjectId == file.ProjectId && a.PostedAt != null
                    && (a.PreviewFileId == file.Id || a.ProgrammeFileId == file.Id || a.CdFileId == file.Id
                        || (file.Kind == FileAssetKind.VinylSide && a.ReportJson != null && a.ReportJson.Contains(idText))), ct);
                if (!posted) return (FileDecision.NotFound, null);
                if (file.Kind == FileAssetKind.AlbumPreview) return (FileDecision.Allowed, file);
                goto default;
            case FileAssetKind.Preview when file.PreviewOfId is not null:
                // The preview of a mix is a copy of the client's own file.
                return (FileDecision.Allowed, file);
            case FileAssetKind.Master or FileAssetKind.Preview or FileAssetKind.MixExcerpt or FileAssetKind.PlatformCopy when file.Revision?.PostedAt is null:
                return (FileDecision.NotFound, null);
            // A platform copy is heard like the preview (watermarked like it when the studio watermarks previews).
            case FileAssetKind.Preview or FileAssetKind.MixExcerpt or FileAssetKind.PlatformCopy:
                return (FileDecision.Allowed, file);
            case FileAssetKind.Master when file.Revision!.IsSample:
                return (FileDecision.NotYet, file);
            default:
                var paid = await db.Projects.AsNoTracking()
                    .AnyAsync(p => p.Id == file.ProjectId && ProjectCapabilities.PaidStatuses.Contains(p.Status) && !p.PaymentReversed, ct);
                return paid ? (FileDecision.Allowed, file) : (FileDecision.NotYet, file);
        }
    }

    /// <summary>
    /// Whether a file the viewer may hear (<see cref="DecideAsync"/> said Allowed) may also be taken away as a download. Only
    /// a client's preview before payment differs: the studio decides (<see cref="Studio.ClientsMayDownloadPreviews"/>, off
    /// by default), so a client streams it in the portal but keeps no copy unless the engineer allows it.
    /// </summary>
    public static async Task<bool> MayDownloadAsync(PortalDbContext db, PortalViewer viewer, FileAsset file, CancellationToken ct = default)
    {
        if (viewer.IsEngineer || file.Kind is not (FileAssetKind.Preview or FileAssetKind.MixExcerpt or FileAssetKind.PlatformCopy or FileAssetKind.AlbumPreview))
            return true;
        return await db.Projects.AsNoTracking().Where(p => p.Id == file.ProjectId)
            .AnyAsync(p => (ProjectCapabilities.PaidStatuses.Contains(p.Status) && !p.PaymentReversed)
                           || db.Studios.Any(s => s.Id == p.StudioId && s.ClientsMayDownloadPreviews), ct);
    }
}
