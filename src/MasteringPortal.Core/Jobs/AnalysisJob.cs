using MasteringPortal.Audio;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The intake analysis of a stored file (a mix, a reference or a master): one streaming pass with waveform
/// peaks, saved as an <see cref="Analysis"/> row together with the job's success; the file's format facts
/// are filled in where the upload left them empty.
/// </summary>
public sealed class AnalysisJob(IDbContextFactory<PortalDbContext> dbFactory, AudioTools tools)
{
    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        FileAsset file;
        int maxMinutes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            file = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This file was deleted before it could be analysed.");
            maxMinutes = await db.Projects.Where(p => p.Id == file.ProjectId).Select(p => p.Studio!.MaxFileMinutes).FirstAsync(ct);
        }
        var path = await context.LocalPathAsync(file.StorageKey);

        // The engine is synchronous: the pass runs on a pool thread while this one writes its progress. The studio's
        // longest file is held while decoding: a header may understate what a compressed file decodes to.
        var result = await context.WithProgressAsync(0, 0.99,
            progress => Task.Run(() => Analyse(path, tools, progress, ct, TimeSpan.FromMinutes(maxMinutes)), ct));

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var row = await context.RowForFinishAsync(db);
            var asset = await db.FileAssets.SingleOrDefaultAsync(f => f.Id == file.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This file was deleted while it was being analysed.");
            db.Analyses.Add(AnalysisRow(asset.Id, result, context.Now));
            FillFormatFacts(asset, result);
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await context.PublishAsync(row);
        }
    }

    /// <summary>The intake analysis of one file on disk, with waveform peaks (also the render job's master analysis).</summary>
    internal static IntakeAnalysis Analyse(string path, AudioTools tools, IProgress<double> progress, CancellationToken ct,
        TimeSpan? maxDuration = null)
    {
        using var file = AudioFile.OpenRead(path, tools);
        IAudioSource source = file;
        if (maxDuration is { } max)
        {
            DurationLimitedSource.CheckStatedLength(file.LengthFrames, file.Format.SampleRateHz, max);
            source = new DurationLimitedSource(file, max); // disposing the file is enough: the limit holds nothing
        }
        return IntakeAnalyzer.Analyze(source, progress, ct, new IntakeAnalyzerOptions());
    }

    /// <summary>The stored form of an analysis: headline columns for queries, the whole result as JSON.</summary>
    internal static Analysis AnalysisRow(Guid fileAssetId, IntakeAnalysis result, DateTimeOffset createdAt) => new()
    {
        FileAssetId = fileAssetId,
        CreatedAt = createdAt,
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
