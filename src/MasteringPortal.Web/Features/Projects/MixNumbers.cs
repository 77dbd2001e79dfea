using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// A track's mixes numbered in the order they arrived (mix 1 is the first the client sent): the words the workspace and
/// the review page use to say which mix a revision was made from.
/// </summary>
public static class MixNumbers
{
    /// <summary>The number of <paramref name="mixId"/> among <paramref name="mixes"/> (one track's), or null when it is not one of them.</summary>
    public static int? Of(IEnumerable<FileAsset> mixes, Guid? mixId)
    {
        if (mixId is null) return null;
        var ordered = mixes.Where(m => m.Kind == FileAssetKind.Mix).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
        var index = ordered.FindIndex(m => m.Id == mixId);
        return index < 0 ? null : index + 1;
    }

    /// <summary>"Made from mix 2 (sent 5 Dec)": null when the revision does not record its mix.</summary>
    public static string? MadeFrom(IEnumerable<FileAsset> mixes, Revision revision)
    {
        if (revision.Origin != RevisionOrigin.Rendered || revision.SourceMixId is not { } id) return null;
        var list = mixes.ToList();
        var mix = list.FirstOrDefault(m => m.Id == id);
        var number = Of(list, id);
        return mix is null || number is null ? null
            : $"Made from mix {number} (sent {mix.CreatedAt.UtcDateTime.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)})";
    }
}
