namespace MasteringPortal.Core.Notifications;

/// <summary>The paths a notification opens: the exact place, a comment at its moment.</summary>
public static class NotificationLinks
{
    public static string Project(Guid projectId) => $"/projects/{projectId}";

    /// <summary>Where an invitation can be sent again: the clients page, or the team page for a team invitation.</summary>
    public static string Invitations(bool team) => team ? "/studio/team" : "/clients";

    public static string Review(Guid projectId, Guid trackId, Guid? revisionId = null) =>
        $"/projects/{projectId}/tracks/{trackId}/review" + (revisionId is { } r ? $"?revision={r}" : "");

    /// <summary>A comment at its moment; <paramref name="revisionId"/> is null for a comment on the mix or a reference.</summary>
    public static string Comment(Guid projectId, Guid trackId, Guid? revisionId, Guid commentId) =>
        $"/projects/{projectId}/tracks/{trackId}/review?" + (revisionId is { } r ? $"revision={r}&" : "") + $"comment={commentId}";

    /// <summary>The backup section of the studio settings page.</summary>
    public const string Backups = "/studio#backups";

    public static string Workspace(Guid projectId, Guid trackId) => $"/projects/{projectId}/tracks/{trackId}/workspace";
}
