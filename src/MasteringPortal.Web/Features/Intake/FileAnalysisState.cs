using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Intake;

public enum AnalysisPhase { Waiting, Running, Failed, Done }

/// <summary>
/// Where the analysis of one stored file stands, as the pages show it: queued or running with its
/// progress, failed with the job's reason, or done with what it measured.
/// </summary>
public sealed record FileAnalysisState(FileAsset File, AnalysisPhase Phase, int ProgressPercent, string? FailureReason,
    IntakeAnalysis? Result, Guid? JobId)
{
    public bool HasProblems => Result?.HasProblems == true;

    public IEnumerable<IntakeCheck> Problems => Result?.Checks.Where(c => c.Status == CheckStatus.Problem) ?? [];

    /// <summary>The latest analysis and the latest job of each file, read in two queries. Files never analysed are Waiting.</summary>
    public static async Task<IReadOnlyDictionary<Guid, FileAnalysisState>> LoadAsync(PortalDbContext db,
        IReadOnlyCollection<FileAsset> files, CancellationToken ct = default)
    {
        var ids = files.Select(f => f.Id).Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, FileAnalysisState>();
        var analyses = (await db.Analyses.AsNoTracking().Where(a => ids.Contains(a.FileAssetId)).ToListAsync(ct))
            .GroupBy(a => a.FileAssetId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).First());
        var jobs = await LatestJobsAsync(db, PortalJobKind.Analysis, ids, ct);

        var states = new Dictionary<Guid, FileAnalysisState>();
        foreach (var file in files)
        {
            analyses.TryGetValue(file.Id, out var analysis);
            jobs.TryGetValue(file.Id, out var job);
            states[file.Id] = Of(file, analysis, job);
        }
        return states;
    }

    /// <summary>The newest job of this kind for each target (a retry is a new row), by target id.</summary>
    public static async Task<Dictionary<Guid, PortalJob>> LatestJobsAsync(PortalDbContext db, PortalJobKind kind,
        IReadOnlyCollection<Guid> targetIds, CancellationToken ct = default) =>
        (await db.Set<PortalJob>().AsNoTracking().Where(j => j.Kind == kind && targetIds.Contains(j.TargetId)).ToListAsync(ct))
            .GroupBy(j => j.TargetId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).First());

    static FileAnalysisState Of(FileAsset file, Analysis? analysis, PortalJob? job)
    {
        // A finished analysis wins over a later job only when that job is not still working on a re-analysis.
        if (job is { State: PortalJobState.Queued or PortalJobState.Running })
            return new(file, job.State == PortalJobState.Running ? AnalysisPhase.Running : AnalysisPhase.Waiting, job.ProgressPercent, null, null, job.Id);
        if (analysis is not null && Parse(analysis) is { } result)
            return new(file, AnalysisPhase.Done, 100, null, result, job?.Id);
        if (job is { State: PortalJobState.Failed or PortalJobState.Cancelled })
            return new(file, AnalysisPhase.Failed, job.ProgressPercent,
                job.FailureReason ?? "The checks could not run on this file.", null, job.Id);
        return new(file, AnalysisPhase.Waiting, 0, null, null, job?.Id);
    }

    static IntakeAnalysis? Parse(Analysis analysis)
    {
        try { return IntakeAnalysis.FromJson(analysis.ResultJson); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>The same state moved on by a live job update (progress, failure); completion is read from the database again.</summary>
    public FileAnalysisState With(JobUpdate update) => update.State switch
    {
        PortalJobState.Queued => this with { Phase = AnalysisPhase.Waiting, ProgressPercent = update.ProgressPercent, JobId = update.JobId },
        PortalJobState.Running => this with { Phase = AnalysisPhase.Running, ProgressPercent = update.ProgressPercent, JobId = update.JobId },
        PortalJobState.Failed or PortalJobState.Cancelled => this with
        {
            Phase = AnalysisPhase.Failed, FailureReason = update.FailureReason ?? "The checks could not run on this file.", JobId = update.JobId,
        },
        _ => this,
    };
}
