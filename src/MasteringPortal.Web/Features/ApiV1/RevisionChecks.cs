using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.ApiV1;

/// <summary>
/// What the API lists under a revision's <c>checks</c>, and what <c>mastering push --post</c> reads before posting.
/// An uploaded master: the <see cref="MasterChecks"/> its job stored with the master's analysis (true peak over the
/// studio's ceiling, clipping, loudness far from the brief, …), the same the workspace shows, passes left out. A rendered
/// revision: the render's own warnings (the codec check, a missed loudness target); its master's stored checks are the
/// mix's intake checks, which do not apply to a master.
/// </summary>
public static class RevisionChecks
{
    public const string Warning = "warning";
    public const string Problem = "problem";

    public static IReadOnlyList<ApiCheck> Of(Revision revision, Analysis? masterAnalysis)
    {
        if (revision.Origin == RevisionOrigin.UploadedMaster)
            return (Stored(masterAnalysis)?.Checks ?? [])
                .Where(c => c.Status != CheckStatus.Pass)
                .Select(c => new ApiCheck(c.Status == CheckStatus.Problem ? Problem : Warning, c.Message))
                .ToList();
        return (RenderReport.FromJson(revision.RenderReportJson)?.Warnings ?? []).Select(w => new ApiCheck(Warning, w)).ToList();
    }

    static IntakeAnalysis? Stored(Analysis? analysis)
    {
        if (analysis is null) return null;
        try { return IntakeAnalysis.FromJson(analysis.ResultJson); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
