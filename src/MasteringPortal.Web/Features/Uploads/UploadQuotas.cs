using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// How much one person may upload in a day and one project may hold (<see cref="UploadOptions"/>), counted from the
/// files that arrived (uploads in progress are bounded by <see cref="UploadOptions.MaxUnfinishedPerUser"/>). The size
/// limit alone let a client send the same small file again and again; each file costs an analysis.
/// </summary>
public static class UploadQuotas
{
    /// <summary>Why this user may not start an upload of <paramref name="sizeBytes"/> now, or null when they may.</summary>
    public static async Task<string?> WhyNotAsync(PortalDbContext db, PortalViewer viewer, Guid projectId, long sizeBytes,
        UploadOptions limits, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-1);
        var mine = await UsageAsync(db.FileAssets.Where(f => f.UploadedById == viewer.UserId && f.CreatedAt >= since), ct);
        if (mine.Files >= limits.FilesPerUserPerDay)
            return $"You have uploaded {mine.Files} files in the last 24 hours, the most this portal takes in a day. " +
                   "Please try again tomorrow, or ask the studio if you need to send more.";
        if (mine.Bytes + sizeBytes > limits.BytesPerUserPerDay)
            return $"This file would take your uploads in the last 24 hours past {UploadService.Bytes(limits.BytesPerUserPerDay)}, " +
                   "the most this portal takes in a day. Please try again tomorrow, or ask the studio if you need to send more.";

        var project = await UsageAsync(db.FileAssets.Where(f => f.ProjectId == projectId && f.UploadedById != null), ct);
        if (project.Files >= limits.FilesPerProject)
            return $"This project already holds {project.Files} uploaded files, the most one project can hold. " +
                   "Please ask the studio to tidy it up before sending more.";
        if (project.Bytes + sizeBytes > limits.BytesPerProject)
            return $"This file would take the project past {UploadService.Bytes(limits.BytesPerProject)} of uploads, " +
                   "the most one project can hold. Please ask the studio to tidy it up before sending more.";
        return null;
    }

    static async Task<(int Files, long Bytes)> UsageAsync(IQueryable<Core.Domain.FileAsset> files, CancellationToken ct) =>
        (await files.CountAsync(ct), await files.SumAsync(f => f.SizeBytes, ct));
}
