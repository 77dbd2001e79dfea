using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

public sealed partial class JobRunner
{
    /// <summary>
    /// The intake analysis of a stored file (a mix, a reference or a master): one streaming pass with waveform
    /// peaks, saved as an <see cref="Analysis"/> row together with the job's success; the file's format facts
    /// are filled in where the upload left them empty.
    /// </summary>
    async Task AnalyseAsync(PortalJob job, JobCancellations.RunningJob running, string work)
    {
        var ct = running.Token;
        FileAsset file;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            file = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == job.TargetId, ct)
                ?? throw new JobRefusedException("This file was deleted before it could be analysed.");
        var path = await LocalPathAsync(file.StorageKey, work, ct);

        var result = await WithProgressAsync(job, running, 0, 99, progress => Task.Run(() =>
        {
            using var source = AudioFile.OpenRead(path, options.Decode);
            return IntakeAnalyzer.Analyze(source, progress, ct, new IntakeAnalyzerOptions());
        }, ct));

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var row = await RowForFinishAsync(db, job.Id, running);
            var asset = await db.FileAssets.SingleOrDefaultAsync(f => f.Id == file.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This file was deleted while it was being analysed.");
            db.Analyses.Add(AnalysisRow(asset.Id, result));
            FillFormatFacts(asset, result);
            MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await JobOutcomes.PublishAsync(notifications, row, logger);
        }
    }

    /// <summary>The stored form of an analysis: headline columns for queries, the whole result as JSON.</summary>
    Analysis AnalysisRow(Guid fileAssetId, IntakeAnalysis result) => new()
    {
        FileAssetId = fileAssetId,
        CreatedAt = clock.GetUtcNow(),
        IntegratedLufs = result.IntegratedLufs,
        LoudnessRangeLu = result.LoudnessRangeLu,
        TruePeakDbtp = result.TruePeakDbtp,
        SamplePeakDbfs = result.SamplePeakDbfs,
        ResultJson = result.ToJson(),
    };

    /// <summary>What the analysis learned about the file, where the row does not say it yet.</summary>
    static void FillFormatFacts(FileAsset asset, IntakeAnalysis result)
    {
        if (string.IsNullOrEmpty(asset.Format)) asset.Format = result.Container;
        asset.DurationSeconds ??= result.DurationSeconds;
        asset.SampleRateHz ??= result.SampleRateHz;
        asset.Channels ??= result.Channels;
        // Lossy formats have no bits per sample (FileAsset.BitDepth is null for them).
        if (asset.BitDepth is null && result.Encoding != "compressed" && result.BitDepth > 0) asset.BitDepth = result.BitDepth;
    }
}
