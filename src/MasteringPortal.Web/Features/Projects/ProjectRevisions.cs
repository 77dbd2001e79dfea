using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// Which revisions the project page's "post" and "approve" mean, for the page's buttons and the commands alike. A sample
/// master (a passage, made before the client went ahead) is never one of them.
/// </summary>
public static class ProjectRevisions
{
    /// <summary>The oldest finished revision the engineer has not posted yet.</summary>
    public static Revision? ReadyToPost(Project project) => project.Tracks.SelectMany(t => t.Revisions)
        .Where(r => r.Status == RevisionStatus.Ready && r.PostedAt is null && !r.IsSample).OrderBy(r => r.CreatedAt).FirstOrDefault();

    /// <summary>The newest posted revision of every track that has no approved revision yet.</summary>
    public static IReadOnlyList<Revision> ToApprove(Project project) => project.Tracks
        .Where(t => t.ApprovedRevisionId is null)
        .Select(t => t.Revisions.Where(r => r.PostedAt is not null && r.Status == RevisionStatus.Ready && !r.IsSample).MaxBy(r => r.Number))
        .OfType<Revision>()
        .ToList();
}
