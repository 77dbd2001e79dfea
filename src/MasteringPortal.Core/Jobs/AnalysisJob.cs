using MasteringPortal.Audio;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Audio.Render;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The intake analysis of a stored file (a mix, a reference or a master): one streaming pass with waveform
/// peaks, saved as an <see cref="Analysis"/> row together with the job's success; the file's format facts
/// are filled in where the upload left them empty. A mix also gets its preview, encoded as a revision's preview is
/// (the studio's bit rate, without the watermark: the mix is the client's own), so that before payment the client
/// compares preview with preview. An alternate's mix (instrumental, a cappella, …) is also checked against the track's
/// current main mix (<see cref="AlternateAlignment"/>: the same length and start, the level of what differs), the report
/// saved on its <see cref="TrackAlternate"/> in the same save; a track without a main mix yet is a verdict, not a failure.
/// </summary>
public sealed class AnalysisJob(IDbContextFactory<PortalDbContext> dbFactory, AudioTools tools, IFileStore store)
{
    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        FileAsset file;
        int maxMinutes;
        PreviewSettings preview;
        (TrackAlternate Alternate, FileAsset? MainMix)? against = null;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            file = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This file was deleted before it could be analysed.");
            maxMinutes = await db.Projects.Where(p => p.Id == file.ProjectId).Select(p => p.Studio!.MaxFileMinutes).FirstAsync(ct);
            preview = (await RenderPreview.SettingsAsync(db, file.ProjectId, false, ct)) with { WatermarkEverySeconds = 0 };
            if (file is { Kind: FileAssetKind.AlternateMix, TrackAlternateId: { } alternateId }
                && await db.TrackAlternates.AsNoTracking().Include(a => a.Track).SingleOrDefaultAsync(a => a.Id == alternateId, ct) is { } alternate)
            {
                var mainMix = alternate.Track!.CurrentMixId is { } mainId
                    ? await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == mainId && f.RemovedAt == null, ct)
                    : null;
                against = (alternate, mainMix);
            }
        }
        var path = await context.LocalPathAsync(file.StorageKey);

        // The engine is synchronous: the pass runs on a pool thread while this one writes its progress. The studio's
        // longest file is held while decoding: a header may understate what a compressed file decodes to.
        var result = await context.WithProgressAsync(0, file.Kind == FileAssetKind.Mix ? 0.9 : 0.99,
            progress => Task.Run(() => Analyse(path, tools, progress, ct, TimeSpan.FromMinutes(maxMinutes)), ct));
        if (against is { } check)
        {
            var alignment = await AlignAsync(context, file, check.Alternate, check.MainMix, path);
            await SaveAsync(context, file, result, null, (check.Alternate.Id, alignment));
            return;
        }
        if (file.Kind != FileAssetKind.Mix)
        {
            await SaveAsync(context, file, result, null);
            return;
        }
        var previewPath = Path.Combine(context.WorkFolder, "mix-preview.mp3");
        await context.WithProgressAsync(0.9, 0.99, _ => Task.Run(() =>
        {
            RenderPreview.Encode(path, previewPath, preview, tools, ct);
            return true;
        }, ct));
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, [], previewPath,
            (_, stored) => SaveAsync(context, file, result, (previewPath, stored)));
    }

    /// <summary>
    /// How an alternate's mix lines up with the track's main mix: the engine's report with its verdicts, or the verdict
    /// alone when there is no main mix yet or the two cannot be compared (another rate, another channel count).
    /// </summary>
    async Task<AlternateAlignmentRecord> AlignAsync(RunningJobContext context, FileAsset file, TrackAlternate alternate, FileAsset? mainMix,
        string alternatePath)
    {
        var name = AlternateKinds.Words(alternate.Kind);
        if (mainMix is null)
            return new AlternateAlignmentRecord(file.Id, null, null,
                [$"The track has no main mix yet: the {name} is checked against it when the main mix arrives."]);
        var mainPath = await context.LocalPathAsync(mainMix.StorageKey);
        try
        {
            var report = await Task.Run(() => AlternateAlignment.Measure(mainPath, alternatePath, name, tools, context.Token), context.Token);
            return new AlternateAlignmentRecord(file.Id, mainMix.Id, report, report.Verdicts);
        }
        catch (AlternateAlignmentException refused)
        {
            return new AlternateAlignmentRecord(file.Id, mainMix.Id, null, [refused.Message]);
        }
    }

    /// <summary>The analysis, the file's format facts, the mix's preview (when one was made) and the job's success, in one save.</summary>
    async Task SaveAsync(RunningJobContext context, FileAsset file, IntakeAnalysis result, (string Path, StoredFile Stored)? preview,
        (Guid AlternateId, AlternateAlignmentRecord Record)? alignment = null)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var row = await context.RowForFinishAsync(db);
            var asset = await db.FileAssets.SingleOrDefaultAsync(f => f.Id == file.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This file was deleted while it was being analysed.");
            db.Analyses.Add(AnalysisRow(asset.Id, result, context.Now));
            FillFormatFacts(asset, result);
            if (preview is { } made && !await db.FileAssets.AnyAsync(f => f.PreviewOfId == asset.Id, CancellationToken.None))
                db.FileAssets.Add(new RenderedAssets(tools, context).MixPreview(asset, made.Path, made.Stored));
            // The report goes with the alternate's mix it was made for: a newer mix that arrived meanwhile has its own job.
            if (alignment is { } aligned
                && await db.TrackAlternates.SingleOrDefaultAsync(a => a.Id == aligned.AlternateId, CancellationToken.None) is { } alternate
                && alternate.MixFileId == asset.Id)
                alternate.AlignmentJson = aligned.Record.ToJson();
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
