using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>The kinds of file the retention policy removes, each with its own days after delivery.</summary>
public enum RetentionCategory { Mixes, Previews, UnapprovedRevisions }

/// <summary>
/// What the studio's retention policy removes and when. Only a delivered project's files go: its mixes
/// (<see cref="Studio.MixRetentionDays"/>), its previews (<see cref="Studio.PreviewRetentionDays"/>) and the masters of
/// revisions the client did not approve (<see cref="Studio.UnapprovedRevisionRetentionDays"/>), each that many days after
/// delivery (0 keeps that kind for good). References, approved masters (with every deliverable of an approved
/// revision) and every revision's settings stay until removed by hand. The client is told <see cref="NoticeAhead"/>
/// before each date; when the policy is switched on for a project delivered long ago, the files go that long after the
/// client was told, never sooner.
/// </summary>
public static class RetentionRules
{
    public static readonly TimeSpan NoticeAhead = TimeSpan.FromDays(14);

    /// <summary>The longest policy the settings page accepts (ten years).</summary>
    public const int MaxDays = 3650;

    public static readonly IReadOnlyList<RetentionCategory> Categories = Enum.GetValues<RetentionCategory>();

    /// <summary>How the client reads the kind of file in a notice ("your mixes").</summary>
    public static string Name(RetentionCategory category) => category switch
    {
        RetentionCategory.Mixes => "your mixes",
        RetentionCategory.Previews => "the previews",
        _ => "the revisions you did not choose",
    };

    public static DateTimeOffset DueAt(DateTimeOffset deliveredAt, int days) => deliveredAt.AddDays(days);

    /// <summary>The earliest moment the files may go, given when the client was told.</summary>
    public static DateTimeOffset RemovableFrom(DateTimeOffset due, DateTimeOffset toldAt) =>
        toldAt + NoticeAhead > due ? toldAt + NoticeAhead : due;

    /// <summary>The occasion the client is told about: a new policy (a new date) is a new occasion.</summary>
    public static string Occasion(DateTimeOffset due) => $"files due {due:yyyy-MM-dd}";

    /// <summary>
    /// The kind under which the policy removes this file of a delivered project whose approved revisions are
    /// <paramref name="approved"/>; null for a file it never removes (or already removed).
    /// </summary>
    public static RetentionCategory? CategoryOf(FileAsset file, IReadOnlySet<Guid> approved) => file.RemovedAt is not null ? null : file.Kind switch
    {
        FileAssetKind.Mix or FileAssetKind.AlternateMix => RetentionCategory.Mixes,
        FileAssetKind.Preview or FileAssetKind.MixExcerpt or FileAssetKind.PlatformCopy => RetentionCategory.Previews,
        FileAssetKind.Master when file.RevisionId is { } revision && !approved.Contains(revision) => RetentionCategory.UnapprovedRevisions,
        _ => null,
    };

    /// <summary>"your mixes", "your mixes and the previews", "your mixes, the previews and the revisions you did not choose".</summary>
    public static string List(IEnumerable<RetentionCategory> categories)
    {
        var names = categories.Order().Select(Name).ToList();
        return names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    /// <summary>What a page shows instead of a player or a link once the policy removed the file; null while it is stored.</summary>
    public static string? RemovedNotice(FileAsset file) => file.RemovedAt is null
        ? null
        : $"Removed {file.RemovedAfterDays} days after delivery under the studio's retention policy.";
}
