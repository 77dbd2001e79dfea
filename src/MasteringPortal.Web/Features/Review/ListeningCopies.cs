using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Like for like before payment: a client who hears the revisions as compressed previews hears the mix through its
/// preview too (made by the analysis job the same way), and the page says whether the comparison is fair.
/// </summary>
public static class ListeningCopies
{
    public const string MixPreviewNote = "You are hearing a preview of your mix, encoded like the revisions' previews.";
    public const string FairNote = "Before payment both are compressed previews, encoded the same way, so the comparison is fair.";
    public const string UnfairNote = "Before payment the revisions are compressed previews while the mix is the file you sent, " +
        "so the mix may sound a little clearer for that reason alone.";

    /// <summary>The mix's preview when a client hears previews (not paid yet) and one was made and is still kept; otherwise null.</summary>
    public static async Task<FileAsset?> MixPreviewAsync(PortalDbContext db, Project project, FileAsset file, ReviewAudience audience,
        CancellationToken ct)
    {
        if (file.Kind != FileAssetKind.Mix || audience != ReviewAudience.Clients || project.IsPaid()) return null;
        return await db.FileAssets.AsNoTracking()
            .Where(f => f.PreviewOfId == file.Id && f.Kind == FileAssetKind.Preview && f.RemovedAt == null)
            .OrderBy(f => f.CreatedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>The line under the player for a client before payment once a revision can be heard; null when there is nothing to say.</summary>
    public static string? Note(ReviewAudience audience, bool paid, IReadOnlyList<ReviewSource> sources)
    {
        if (audience != ReviewAudience.Clients || paid || !sources.Any(s => s.Kind == "revision" && s.AudioUrl is not null)) return null;
        var mix = sources.FirstOrDefault(s => s.Kind == "mix");
        if (mix?.AudioUrl is null) return null;
        return mix.AudioNote == MixPreviewNote ? FairNote : UnfairNote;
    }
}
