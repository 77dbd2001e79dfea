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
/// The other direction too: a track's new main mix re-checks each of the track's alternates that has a mix against it, in
/// the same save. An alternate master the engineer uploaded beside their own main master is handed to
/// <see cref="UploadedAlternateMasterJob"/> (its analysis and the brief's other formats).
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
        List<(TrackAlternate Alternate, FileAsset Mix)> alternates = [];
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
            // The track's main mix: its alternates are checked against it again (they were against the one it replaces).
            if (file is { Kind: FileAssetKind.Mix, TrackId: { } trackId }
                && await db.Tracks.AsNoTracking().AnyAsync(t => t.Id == trackId && t.CurrentMixId == file.Id, ct))
            {
                var withMix = await db.TrackAlternates.AsNoTracking().Where(a => a.TrackId == trackId && a.MixFileId != null).ToListAsync(ct);
                var mixIds = withMix.Select(a => a.MixFileId!.Value).ToList();
                var mixes = await db.FileAssets.AsNoTracking().Where(f => mixIds.Contains(f.Id) && f.RemovedAt == null).ToDictionaryAsync(f => f.Id, ct);
                alternates = withMix.Where(a => mixes.ContainsKey(a.MixFileId!.Value)).OrderBy(a => a.Kind)
                    .Select(a => (a, mixes[a.MixFileId!.Value])).ToList();
            }
        }
        if (UploadedAlternateMasterJob.Handles(file))
        {
            await new UploadedAlternateMasterJob(dbFactory, store, tools).RunAsync(context, file);
            return;
        }
        var path = await context.LocalPathAsync(file.StorageKey);

        // The engine is synchronous: the pass runs on a pool thread while this one writes its progress. The studio's
        // longest file is held while decoding: a header may understate what a compressed file decodes to.
        var result = await context.WithProgressAsync(0, file.Kind != FileAssetKind.Mix ? 0.99 : alternates.Count > 0 ? 0.6 : 0.9,
            progress => Task.Run(() => Analyse(path, tools, progress, ct, TimeSpan.FromMinutes(maxMinutes)), ct));
        if (against is { } check)
        {
            var alignment = await AlignAsync(context, file, check.Alternate, check.MainMix, path);
            await SaveAsync(context, file, result, null, [(check.Alternate.Id, alignment)]);
            return;
        }
        if (file.Kind != FileAssetKind.Mix)
        {
            await SaveAsync(context, file, result, null);
            return;
        }
        var realigned = alternates.Count == 0 ? []
            : await context.WithProgressAsync(0.6, 0.9, progress => RealignAsync(context, file, path, alternates, progress));
        var previewPath = Path.Combine(context.WorkFolder, "mix-preview.mp3");
        await context.WithProgressAsync(0.9, 0.99, _ => Task.Run(() =>
        {
            RenderPreview.Encode(path, previewPath, preview, tools, ct);
            return true;
        }, ct));
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, [], previewPath,
            (_, stored) => SaveAsync(context, file, result, (previewPath, stored), realigned));
    }

    /// <summary>
    /// A new main mix: each alternate's mix checked against it, as its own analysis checked it against the main mix then.
    /// An alternate's mix missing from the storage is a verdict on that alternate, never the main mix's failure.
    /// </summary>
    async Task<List<(Guid AlternateId, AlternateAlignmentRecord Record)>> RealignAsync(RunningJobContext context, FileAsset mainMix, string mainPath,
        IReadOnlyList<(TrackAlternate Alternate, FileAsset Mix)> alternates, IProgress<double> progress)
    {
        var records = new List<(Guid, AlternateAlignmentRecord)>();
        for (var i = 0; i < alternates.Count; i++)
        {
            var (alternate, mix) = alternates[i];
            var name = AlternateKinds.Words(alternate.Kind);
            if (!store.Exists(mix.StorageKey))
            {
                records.Add((alternate.Id, new AlternateAlignmentRecord(mix.Id, mainMix.Id, null,
                    [$"The {name}'s mix is missing from the studio's storage, so it could not be checked against the new main mix: upload it again."])));
                continue;
            }
            // Each alternate's copy has its own name: with a store that is not local disk, every one is a separate download.
            var alternatePath = await store.LocalPathAsync(mix.StorageKey, Path.Combine(context.WorkFolder, $"alternate-{AlternateKinds.Code(alternate.Kind)}.audio"),
                context.Token);
            try
            {
                var report = await Task.Run(() => AlternateAlignment.Measure(mainPath, alternatePath, name, tools, context.Token), context.Token);
                records.Add((alternate.Id, new AlternateAlignmentRecord(mix.Id, mainMix.Id, report, report.Verdicts)));
            }
            catch (AlternateAlignmentException refused)
            {
                records.Add((alternate.Id, new AlternateAlignmentRecord(mix.Id, mainMix.Id, null, [refused.Message])));
            }
            progress.Report((i + 1.0) / alternates.Count);
        }
        return records;
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

    /// <summary>
    /// The analysis, the file's format facts, the mix's preview (when one was made), the alternates' alignment reports and
    /// the job's success, in one save.
    /// </summary>
    async Task SaveAsync(RunningJobContext context, FileAsset file, IntakeAnalysis result, (string Path, StoredFile Stored)? preview,
        IReadOnlyList<(Guid AlternateId, AlternateAlignmentRecord Record)>? alignments = null)
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
            // A report goes with the two mixes it was made from: a newer mix of either side that arrived meanwhile has its
            // own job, which checks the pair as it now is.
            foreach (var (alternateId, record) in alignments ?? [])
            {
                if (await db.TrackAlternates.SingleOrDefaultAsync(a => a.Id == alternateId, CancellationToken.None) is not { } alternate
                    || alternate.MixFileId != record.AlternateMixId)
                    continue;
                var mainMixId = await db.Tracks.Where(t => t.Id == alternate.TrackId).Select(t => t.CurrentMixId).FirstOrDefaultAsync(CancellationToken.None);
                // Checked against no main mix: still so when the track has none it could be checked against.
                var current = record.MainMixId is { } checkedAgainst
                    ? mainMixId == checkedAgainst
                    : mainMixId is null || !await db.FileAssets.AnyAsync(f => f.Id == mainMixId && f.RemovedAt == null, CancellationToken.None);
                if (current) alternate.AlignmentJson = record.ToJson();
            }
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
