using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// A reference match asked for in the workspace (<see cref="MatchRun"/>): analyses the mix and the chosen references,
/// matches them with the engineer's amounts and limits (docs/REFERENCE-MATCHING.md), and saves the chain it wrote and
/// its report on the run together with the job's success. Nothing else changes: the workspace applies the chain when
/// the engineer's page hears the job succeeded, and the next render keeps the report with its revision.
/// </summary>
public sealed class MatchJob(IDbContextFactory<PortalDbContext> dbFactory, AudioTools tools, IFileStore store)
{
    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        MatchRun run;
        FileAsset mix;
        List<(FileAsset File, RevisionMatchReference Reference)> references = [];
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            run = await db.MatchRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This match was removed before it could run.");
            mix = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == run.MixFileId, ct)
                ?? throw new JobRefusedException("The mix this match was asked for has been removed. Match again.");
            var request = Request(run);
            var ids = request.References.Select(r => r.FileId).ToList();
            var byId = await db.FileAssets.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
            foreach (var reference in request.References)
            {
                if (!byId.TryGetValue(reference.FileId, out var file) || !string.Equals(file.Sha256, reference.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new JobRefusedException($"The reference “{reference.Name}” has been removed or replaced since the match was asked for. Match again.");
                references.Add((file, reference));
            }
        }
        if (!string.Equals(mix.Sha256, run.MixSha256, StringComparison.OrdinalIgnoreCase))
            throw new JobRefusedException("The mix changed after the match was asked for. Match again.");

        var mixPath = await LocalPathAsync(context, mix, "mix");
        var files = new List<ReferenceFile>();
        for (var i = 0; i < references.Count; i++)
            files.Add(new ReferenceFile(await LocalPathAsync(context, references[i].File, $"reference-{i}"), references[i].Reference.Weight));
        var options = Options(run);

        MatchResult result;
        try
        {
            result = await context.WithProgressAsync(0, 0.99, progress =>
                Task.Run(() => ReferenceMastering.Match(mixPath, files, options, tools, ct: ct, progress: progress), ct));
        }
        catch (MatchException refused)
        {
            throw new JobRefusedException(refused.Message);
        }
        catch (AudioFileException unreadable)
        {
            throw new JobRefusedException($"The mix: {unreadable.Message}");
        }
        // The report names the files as stored; the workspace and the revision show the names the engineer chose.
        var report = result.Report with
        {
            References = result.Report.References.Select((r, i) => i < references.Count ? r with { Name = references[i].Reference.Name } : r).ToList(),
        };

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var row = await context.RowForFinishAsync(db);
            var saved = await db.MatchRuns.SingleOrDefaultAsync(r => r.Id == run.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This match was removed while it ran.");
            saved.SettingsJson = result.Settings.ToJson();
            saved.ReportJson = report.ToJson();
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await context.PublishAsync(row);
        }
    }

    /// <summary>The run's request (references and amounts); a run whose request cannot be read is refused in words.</summary>
    public static RevisionMatch Request(MatchRun run) => RevisionMatch.FromJson(run.RequestJson) is { References.Count: > 0 } request
        ? request
        : throw new JobRefusedException("This match's request could not be read. Match again.");

    /// <summary>The engine's options for a run: the amounts, limits and aspects it records, from the chain it started with.</summary>
    public static MatchOptions Options(MatchRun run)
    {
        var request = Request(run);
        if (!Enum.TryParse<MatchAspects>(request.Aspects, ignoreCase: true, out var aspects))
            throw new JobRefusedException("This match's aspects could not be read. Match again.");
        RenderSettings baseSettings;
        try
        {
            baseSettings = RenderSettings.FromJson(run.BaseSettingsJson);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or RenderSettingsException)
        {
            throw new JobRefusedException("The chain this match started from could not be read. Match again.");
        }
        var options = new MatchOptions
        {
            Aspects = aspects,
            ToneAmountPercent = request.ToneAmountPercent, LoudnessAmountPercent = request.LoudnessAmountPercent,
            WidthAmountPercent = request.WidthAmountPercent, DynamicsAmountPercent = request.DynamicsAmountPercent,
            MaxBoostDb = request.MaxBoostDb, MaxCutDb = request.MaxCutDb, MayAddClipper = request.MayAddClipper,
            BaseSettings = baseSettings,
        };
        if (options.Validate() is { Count: > 0 } problems) throw new JobRefusedException(string.Join(" ", problems));
        return options;
    }

    async Task<string> LocalPathAsync(RunningJobContext context, FileAsset file, string name)
    {
        if (!store.Exists(file.StorageKey))
            throw new JobRefusedException($"“{file.OriginalName}” is missing from the studio's storage. Upload it again, or tell the studio.");
        return await store.LocalPathAsync(file.StorageKey, Path.Combine(context.WorkFolder, name), context.Token);
    }
}
