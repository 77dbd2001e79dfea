using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Data;

/// <summary>
/// A mix or reference file a comment is about, with the track it belongs to and how a sentence names it
/// ("the mix", "reference “Giorgio”"): for the notifications, the review page and its pushes alike.
/// </summary>
public sealed record CommentedFile(Guid FileId, Guid ProjectId, Guid TrackId, string TrackTitle, FileAssetKind Kind, string Label, string Words);

public static class CommentedFiles
{
    /// <summary>The files the given comments are about, by id; a file that is no longer any track's mix or reference is left out.</summary>
    public static Task<Dictionary<Guid, CommentedFile>> ReadAsync(PortalDbContext db, IEnumerable<Comment> comments, CancellationToken ct) =>
        ReadAsync(db, comments.Where(c => c.FileAssetId is not null).Select(c => c.FileAssetId!.Value).ToHashSet(), ct);

    public static async Task<Dictionary<Guid, CommentedFile>> ReadAsync(PortalDbContext db, IReadOnlyCollection<Guid> fileIds, CancellationToken ct)
    {
        if (fileIds.Count == 0) return [];
        var files = await db.FileAssets.AsNoTracking()
            .Where(f => fileIds.Contains(f.Id) && (f.Kind == FileAssetKind.Mix || f.Kind == FileAssetKind.Reference)).ToListAsync(ct);
        var projectIds = files.Select(f => f.ProjectId).ToHashSet();
        var tracks = await db.Tracks.AsNoTracking().Include(t => t.Brief!).ThenInclude(b => b.References)
            .Where(t => projectIds.Contains(t.ProjectId)).OrderBy(t => t.Position).ToListAsync(ct);
        var found = new Dictionary<Guid, CommentedFile>();
        foreach (var file in files)
        {
            if (file.Kind == FileAssetKind.Mix)
            {
                if (tracks.FirstOrDefault(t => t.Id == file.TrackId) is { } track)
                    found[file.Id] = new CommentedFile(file.Id, file.ProjectId, track.Id, track.Title, file.Kind, "Mix", "the mix");
                continue;
            }
            foreach (var track in tracks)
            {
                if (track.Brief?.References.FirstOrDefault(r => r.FileAssetId == file.Id) is not { } reference) continue;
                var name = string.IsNullOrWhiteSpace(reference.Title) ? file.OriginalName : reference.Title;
                found[file.Id] = new CommentedFile(file.Id, file.ProjectId, track.Id, track.Title, file.Kind, "Reference: " + name, $"reference “{name}”");
                break;
            }
        }
        return found;
    }
}
