using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.ApiV1;

/// <summary>
/// What the API lists under a revision's <c>checks</c>, and what <c>mastering push --post</c> reads before posting:
/// today the render's own warnings (the codec check, a missed loudness target). The checks of an uploaded master
/// (true peak over the studio's ceiling, clipping, loudness far from the brief, …) are to join here, from the same
/// MasterChecks the workspace shows, so the API and the page never disagree.
/// </summary>
public static class RevisionChecks
{
    public const string Warning = "warning";
    public const string Problem = "problem";

    public static IReadOnlyList<ApiCheck> Of(Revision revision) =>
        (RenderReport.FromJson(revision.RenderReportJson)?.Warnings ?? []).Select(w => new ApiCheck(Warning, w)).ToList();
}
