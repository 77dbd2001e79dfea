using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>One unfinished upload the server still holds, as the upload box's "was interrupted" notice needs it.</summary>
/// <param name="LastModified">The file's modification time the browser sent (ms since 1970): with the name and size, the browser's own resume key.</param>
public sealed record UnfinishedUpload(Guid UploadId, string FileName, long SizeBytes, long ReceivedBytes, long? LastModified,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Which of the signed-in user's uploads for one place (a track's mix, one reference, a master, one own file of a
/// revision) the server still holds unfinished: the answer behind the "was interrupted: choose the same file again"
/// notice after a reload. An upload that finished, was cancelled or was cleaned up after a day is not listed, and
/// neither is one begun before another file was stored in that place since (it would no longer continue anything).
/// </summary>
public sealed class UnfinishedUploads(PortalDbContext db, UploadStore store)
{
    public async Task<UploadResult<IReadOnlyList<UnfinishedUpload>>> ForSlotAsync(ClaimsPrincipal principal, Guid projectId, Guid? trackId,
        string? kindText, Guid? referenceId, Guid? revisionId, string? deliverable, CancellationToken ct, string? alternateText = null)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is null || !await db.CanEditAsync(viewer, projectId, ct))
            return new UploadError(UploadFailure.NotFound, "This project was not found.");
        if (trackId is null) return new UploadError(UploadFailure.Invalid, "Say which track (trackId).");
        if (!Enum.TryParse<UploadKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
            return new UploadError(UploadFailure.Invalid,
                "Say which kind of upload: \"mix\", \"reference\", \"master\", \"deliverable\", \"alternateMix\" or \"alternateMaster\".");
        AlternateKind? alternate = null;
        if (kind is UploadKind.AlternateMix or UploadKind.AlternateMaster)
        {
            if (!AlternateKinds.TryParse(alternateText, out var named))
                return new UploadError(UploadFailure.Invalid, "Say which version: \"instrumental\", \"acappella\", \"clean\" or \"tvmix\" (alternate).");
            alternate = named;
        }

        var held = new List<UploadManifest>();
        await foreach (var m in store.AllAsync(ct))
        {
            if (m.UserId != viewer.UserId || m.ProjectId != projectId || m.TrackId != trackId || m.Kind != kind) continue;
            if (m.ReferenceId != referenceId || m.Deliverable != deliverable
                || ((deliverable is not null || kind == UploadKind.AlternateMaster) && m.RevisionId != revisionId)) continue;
            if (m.Alternate != alternate) continue;
            held.Add(m);
        }
        if (held.Count == 0) return Array.Empty<UnfinishedUpload>();

        // The newest file stored in this place, by anyone (the engineer may have replaced the client's mix meanwhile),
        // and the newest of this user's own finished uploads for it.
        var lastStored = await LastStoredAsync(viewer.UserId, trackId.Value, kind, referenceId, revisionId, alternate, ct);
        var lastFinished = held.Where(m => m.State == UploadState.Completed).Select(m => (DateTimeOffset?)m.UpdatedAt).Max();
        var supersededBefore = new[] { lastStored, lastFinished }.Max();
        return held
            .Where(m => m.State == UploadState.Receiving && (supersededBefore is null || m.CreatedAt > supersededBefore))
            .OrderByDescending(m => m.UpdatedAt)
            .Select(m => new UnfinishedUpload(m.Id, m.FileName, m.SizeBytes, m.ConfirmedBytes(), m.LastModified, m.UpdatedAt))
            .ToList();
    }

    async Task<DateTimeOffset?> LastStoredAsync(string userId, Guid trackId, UploadKind kind, Guid? referenceId, Guid? revisionId,
        AlternateKind? alternate, CancellationToken ct)
    {
        IQueryable<FileAsset> files = db.FileAssets.AsNoTracking().Where(f => f.TrackId == trackId);
        switch (kind)
        {
            case UploadKind.Mix:
                files = files.Where(f => f.Kind == FileAssetKind.Mix);
                break;
            case UploadKind.AlternateMix:
                files = files.Where(f => f.Kind == FileAssetKind.AlternateMix && f.TrackAlternate!.Kind == alternate);
                break;
            case UploadKind.Reference when referenceId is { } named:
                var fileId = await db.Briefs.AsNoTracking().Where(b => b.TrackId == trackId).SelectMany(b => b.References)
                    .Where(r => r.Id == named).Select(r => r.FileAssetId).FirstOrDefaultAsync(ct);
                files = files.Where(f => f.Id == fileId);
                break;
            case UploadKind.Reference:
                files = files.Where(f => f.Kind == FileAssetKind.Reference && f.UploadedById == userId);
                break;
            case UploadKind.Master:
                files = files.Where(f => f.Kind == FileAssetKind.Master && f.UploadedById == userId && f.TrackAlternateId == null);
                break;
            case UploadKind.AlternateMaster:
                files = files.Where(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.Master && f.TrackAlternate!.Kind == alternate
                                         && f.UploadedById == userId);
                break;
            default:
                files = files.Where(f => f.RevisionId == revisionId && f.UploadedById == userId);
                break;
        }
        // Ordered in memory: SQLite cannot order by a DateTimeOffset column.
        var times = await files.Select(f => f.CreatedAt).ToListAsync(ct);
        return times.Count == 0 ? null : times.Max();
    }
}
