using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Workspace;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// What a revision on the review page was made from and what changed since the one before it: "Made from mix 2 (sent
/// 5 Dec) · Changes since revision 1: More low end around 60 Hz (+1.5 dB)." Clients read the changes in plain words,
/// the studio in the chain's own words.
/// </summary>
public static class RevisionProvenance
{
    /// <param name="previous">The revision before this one that the same audience sees (null for the first).</param>
    /// <param name="mixes">The track's mixes, current and earlier.</param>
    public static string? Describe(Revision revision, Revision? previous, IReadOnlyList<FileAsset> mixes, ReviewAudience audience)
    {
        var parts = new List<string>();
        if (MixNumbers.MadeFrom(mixes, revision) is { } made) parts.Add(made);
        if (revision.Origin == RevisionOrigin.Rendered && previous is { Origin: RevisionOrigin.Rendered }
            && WorkspaceSession.TryRead(previous.SettingsJson) is { } before && WorkspaceSession.TryRead(revision.SettingsJson) is { } after)
        {
            var changes = RenderSettingsDiff.Between(before, after);
            var sameMix = previous.SourceMixSha256 == revision.SourceMixSha256;
            if (changes.Count == 0)
                parts.Add(sameMix ? $"The same settings as revision {previous.Number}" : $"Revision {previous.Number}'s settings on the new mix");
            else
                parts.Add($"Changes since revision {previous.Number}: " + (audience == ReviewAudience.Clients
                    ? RenderSettingsDiff.ClientSummary(changes)
                    : string.Join("; ", changes.Select(c => c.Engineer))));
        }
        else if (revision.Origin == RevisionOrigin.UploadedMaster)
        {
            parts.Add("Mastered on the engineer's own equipment");
        }
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}
