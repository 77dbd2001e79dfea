using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>
/// What the studio's retention policy (<see cref="Studio.RetentionDays"/>) removes and when. Only a delivered project's
/// files go: its mixes, its previews and the masters of revisions the client did not approve. References, approved
/// masters (with every deliverable of an approved revision) and every revision's settings stay until removed by hand.
/// The client is told <see cref="NoticeAhead"/> before; when the policy is switched on for a project delivered long
/// ago, the files go that long after the client was told, never sooner.
/// </summary>
public static class RetentionRules
{
    public static readonly TimeSpan NoticeAhead = TimeSpan.FromDays(14);

    /// <summary>The longest policy the settings page accepts (ten years).</summary>
    public const int MaxDays = 3650;

    public static DateTimeOffset DueAt(DateTimeOffset deliveredAt, int days) => deliveredAt.AddDays(days);

    /// <summary>The earliest moment the files may go, given when the client was told.</summary>
    public static DateTimeOffset RemovableFrom(DateTimeOffset due, DateTimeOffset toldAt) =>
        toldAt + NoticeAhead > due ? toldAt + NoticeAhead : due;

    /// <summary>The occasion the client is told about: a new policy (a new date) is a new occasion.</summary>
    public static string Occasion(DateTimeOffset due) => $"files due {due:yyyy-MM-dd}";

    /// <summary>Whether the policy removes this file of a delivered project whose approved revisions are <paramref name="approved"/>.</summary>
    public static bool Removes(FileAsset file, IReadOnlySet<Guid> approved) => file.RemovedAt is null && file.Kind switch
    {
        FileAssetKind.Mix or FileAssetKind.Preview => true,
        FileAssetKind.Master => file.RevisionId is { } revision && !approved.Contains(revision),
        _ => false,
    };

    /// <summary>What a page shows instead of a player or a link once the policy removed the file; null while it is stored.</summary>
    public static string? RemovedNotice(FileAsset file) => file.RemovedAt is null
        ? null
        : $"Removed {file.RemovedAfterDays} days after delivery under the studio's retention policy.";
}
