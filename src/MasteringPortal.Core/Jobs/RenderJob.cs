using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Renders a revision from the mix it records (a sample: from its passage of that mix, <see cref="SampleExcerpt"/>, whose
/// own preview and analysis are saved beside the sample's) with the revision's settings into the job's folder, runs
/// the 24-bit master's intake analysis (numbers, curves, waveform peaks) and encodes the client's preview
/// (<see cref="RenderPreview"/>), puts each file into the store, then saves in ONE SaveChanges the Master and Preview
/// FileAssets, the master's Analysis, the revision (Ready, 100 %, its report) and a timeline event, with the
/// job's success: a revision is never Ready without its analysis and preview. Stored bytes nobody refers to
/// are removed again when the job does not get that far. The same save queues the revision's check as the streaming
/// platforms stream it (<see cref="PlatformsJob"/>, a job of its own, so the master is Ready at the render's speed and
/// the platform copies follow). A whole-track revision
/// (not a sample) also masters each of the track's alternate versions that has a mix (instrumental, a cappella, …) with the
/// same settings and deliverables at the main master's loudness gain (never a solve of its own: the alternate sits against
/// the main master as its mix sits against the main mix); their files are Master FileAssets of the same revision with
/// their TrackAlternateId, saved in the same save, and the report has a line for each. Progress: the renders 0-80 %
/// (shared equally by the main master and the alternates), analysis 80-90 %, the preview 90-99 %.
/// </summary>
public sealed class RenderJob(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, AudioTools tools, UploadedMasterJob uploadedMasters,
    PlatformCopies.Options platformCopies, PortalJobs jobs)
{
    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        Revision revision;
        FileAsset mix;
        DeliveryFormats formats;
        PreviewSettings preview;
        List<(TrackAlternate Alternate, FileAsset Mix)> alternates = [];
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            revision = await db.Revisions.AsNoTracking().Include(r => r.Track).SingleOrDefaultAsync(r => r.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This revision was deleted before it could be rendered.");
            if (revision.Origin == RevisionOrigin.UploadedMaster)
            {
                await uploadedMasters.RunAsync(context, revision);
                return;
            }
            // The mix chosen when the render was queued, even if the client has sent a new one since.
            var mixId = revision.SourceMixId ?? revision.Track!.CurrentMixId
                ?? throw new JobRefusedException("This track has no mix to master yet: upload one first.");
            mix = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == mixId, ct)
                ?? throw new JobRefusedException("The track's mix was deleted: upload it again, then retry.");
            if (mix.RemovedAt is not null)
                throw new JobRefusedException("The mix this revision was made from has been removed under the studio's retention rules, so it cannot be rendered again.");
            if (revision.SourceMixSha256 is { Length: > 0 } expected && !string.Equals(expected, mix.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new JobRefusedException("The stored mix is not the file this revision was made from (its content differs), so it is not rendered.");
            formats = await db.Briefs.AsNoTracking().Where(b => b.TrackId == revision.TrackId)
                .Select(b => (DeliveryFormats?)b.DeliveryFormats).FirstOrDefaultAsync(ct) ?? DeliveryFormats.Wav24;
            preview = await RenderPreview.SettingsAsync(db, revision.Track.ProjectId, revision.IsSample, ct);
            if (!revision.IsSample)
            {
                var withMix = await db.TrackAlternates.AsNoTracking().Where(a => a.TrackId == revision.TrackId && a.MixFileId != null).ToListAsync(ct);
                var mixIds = withMix.Select(a => a.MixFileId!.Value).ToList();
                var mixes = await db.FileAssets.AsNoTracking().Where(f => mixIds.Contains(f.Id) && f.RemovedAt == null).ToDictionaryAsync(f => f.Id, ct);
                alternates = withMix.Where(a => mixes.ContainsKey(a.MixFileId!.Value)).OrderBy(a => a.Kind)
                    .Select(a => (a, mixes[a.MixFileId!.Value])).ToList();
            }
        }
        var settings = RenderSettings.FromJson(revision.SettingsJson);
        var mixPath = await context.LocalPathAsync(mix.StorageKey);
        var outputs = new RenderOutputs(Path.Combine(context.WorkFolder, "out"), "master", DeliverablesFor(formats));
        // A sample renders its passage of the mix only, and that passage is what the client compares it with.
        var excerpt = revision.IsSample ? await CutPassageAsync(context, mixPath, revision) : null;

        // The engine is synchronous: each step runs on a pool thread while this one writes its progress.
        var share = 0.80 / (1 + alternates.Count);
        var result = await context.WithProgressAsync(0, share,
            progress => Task.Run(() => Renderer.Render(excerpt?.Path ?? mixPath, settings, outputs, tools, progress, ct), ct));
        var alternateRenders = new List<AlternateRender>();
        for (var i = 0; i < alternates.Count; i++)
            alternateRenders.Add(await RenderAlternateAsync(context, alternates[i].Alternate, alternates[i].Mix, settings, formats, result.LoudnessGainDb,
                share * (1 + i), share * (2 + i)));

        // The master's own analysis belongs to the revision: the review page shows it the moment the revision is Ready.
        var masterFile = result.Files.Single(f => f.Kind == Deliverables.Wav24);
        var analysis = await context.WithProgressAsync(0.80, 0.90,
            progress => Task.Run(() => AnalysisJob.Analyse(masterFile.Path, tools, progress, ct), ct));

        // The client's preview (and a sample's passage's, beside it: the encoders are separate processes).
        var previewPath = Path.Combine(context.WorkFolder, "out", "preview.mp3");
        await context.WithProgressAsync(0.90, 0.99, async _ =>
        {
            await Task.WhenAll(
                Task.Run(() => RenderPreview.Encode(masterFile.Path, previewPath, preview, tools, ct), ct),
                excerpt is null ? Task.CompletedTask : Task.Run(() => RenderPreview.Encode(excerpt.Path, excerpt.PreviewPath, preview, tools, ct), ct));
            return true;
        });

        List<string> singles = [previewPath];
        if (excerpt is not null) singles.Add(excerpt.PreviewPath);
        var rendered = result.Files.Concat(alternateRenders.SelectMany(a => a.Result?.Files ?? [])).ToList();
        Guid? platformCheck = null;
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, rendered, singles, async (stored, storedSingles) =>
            platformCheck = await SaveAsync(context, revision, result, stored, alternateRenders, analysis, (previewPath, storedSingles[0]),
                excerpt is null ? null : (excerpt, storedSingles[^1])));
        if (platformCheck is { } check) await jobs.EnqueueSavedAsync(check, CancellationToken.None);
    }

    /// <summary>An alternate version rendered beside the main master, or why it could not be.</summary>
    sealed record AlternateRender(TrackAlternate Alternate, Guid MixFileId, RenderResult? Result, string? Failure);

    /// <summary>
    /// Renders an alternate's mix with the main master's settings, deliverables and loudness gain into a folder of its own.
    /// A failure (an unreadable file) is the alternate's only: the main master is kept and the report says why.
    /// </summary>
    async Task<AlternateRender> RenderAlternateAsync(RunningJobContext context, TrackAlternate alternate, FileAsset mix, RenderSettings settings,
        DeliveryFormats formats, double loudnessGainDb, double from, double to)
    {
        var ct = context.Token;
        var code = AlternateKinds.Code(alternate.Kind);
        try
        {
            var path = await context.LocalPathAsync(mix.StorageKey);
            var outputs = new RenderOutputs(Path.Combine(context.WorkFolder, "alternates", code), "master", DeliverablesFor(formats));
            var result = await context.WithProgressAsync(from, to,
                progress => Task.Run(() => Renderer.Render(path, settings, outputs, tools, progress, ct, fixedLoudnessGainDb: loudnessGainDb), ct));
            return new AlternateRender(alternate, mix.Id, result, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Logger.LogWarning(e, "Rendering the {Alternate} of revision {RevisionId} failed", code, context.Job.TargetId);
            return new AlternateRender(alternate, mix.Id, null,
                $"The {AlternateKinds.Words(alternate.Kind)} could not be mastered: {e.Message}");
        }
    }

    /// <summary>A sample's passage of the mix: the file rendered from, its analysis and where its preview is written.</summary>
    sealed record Passage(string Path, string PreviewPath, IntakeAnalysis Analysis);

    async Task<Passage> CutPassageAsync(RunningJobContext context, string mixPath, Revision revision)
    {
        var ct = context.Token;
        var passage = new Workflow.SamplePassage(revision.SampleStartSeconds!.Value, revision.SampleLengthSeconds ?? Workflow.SamplePassage.DefaultLengthSeconds);
        var path = Path.Combine(context.WorkFolder, "passage.wav");
        return await Task.Run(() =>
        {
            SampleExcerpt.Cut(mixPath, passage, path, tools, ct);
            var analysis = AnalysisJob.Analyse(path, tools, new Progress<double>(), ct);
            return new Passage(path, Path.Combine(context.WorkFolder, "passage-preview.mp3"), analysis);
        }, ct);
    }

    /// <summary>The brief's delivery formats as the renderer's deliverables; the 24-bit master is always made.</summary>
    public static Deliverables DeliverablesFor(DeliveryFormats formats)
    {
        var d = Deliverables.Wav24;
        if (formats.HasFlag(DeliveryFormats.Wav16)) d |= Deliverables.Wav16;
        if (formats.HasFlag(DeliveryFormats.Mp3)) d |= Deliverables.Mp3;
        if (formats.HasFlag(DeliveryFormats.Aac)) d |= Deliverables.Aac;
        if (formats.HasFlag(DeliveryFormats.Flac)) d |= Deliverables.Flac;
        return d;
    }

    /// <summary>Saves the revision Ready with its files, and its platform check queued; returns that check's job id, if any.</summary>
    async Task<Guid?> SaveAsync(RunningJobContext context, Revision rendered, RenderResult result,
        List<(RenderedFile File, StoredFile Stored)> stored, IReadOnlyList<AlternateRender> alternateRenders, IntakeAnalysis analysis, (string Path, StoredFile Stored) preview,
        (Passage Passage, StoredFile Stored)? excerpt)
    {
        var assets = new RenderedAssets(tools, context);
        PortalJob row;
        PortalJob? platformCheck = null;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            row = await context.RowForFinishAsync(db);
            var revision = await db.Revisions.Include(r => r.Track).Include(r => r.Files)
                .SingleOrDefaultAsync(r => r.Id == rendered.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This revision was deleted while it was rendering.");
            var track = revision.Track!;
            var ids = new Dictionary<Deliverables, Guid>();
            var alternateReports = new List<RenderReportAlternate>();
            var mainFiles = result.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            if (revision.Files.Any(f => f.Kind == FileAssetKind.Master))
            {
                // Never a second set of masters for one revision (the row's take makes this unreachable; kept as a guard).
                context.Logger.LogWarning("Revision {RevisionId} already has masters; the files of job {JobId} are not added", revision.Id, row.Id);
            }
            else
            {
                foreach (var (file, put) in stored.Where(s => mainFiles.Contains(s.File.Path)))
                {
                    var asset = assets.Master(track, revision, file, put);
                    db.FileAssets.Add(asset);
                    ids[file.Kind] = asset.Id;
                    if (file.Kind == Deliverables.Wav24) db.Analyses.Add(AnalysisJob.AnalysisRow(asset.Id, analysis, context.Now));
                }
                db.FileAssets.Add(assets.Preview(track, revision, preview.Path, preview.Stored));
                platformCheck = PlatformsJob.QueueWith(db, platformCopies, revision, track, context);
                if (excerpt is { } passage)
                {
                    var asset = assets.MixExcerpt(track, revision, passage.Passage.PreviewPath, passage.Stored);
                    db.FileAssets.Add(asset);
                    db.Analyses.Add(AnalysisJob.AnalysisRow(asset.Id, passage.Passage.Analysis, context.Now));
                }
                alternateReports = await AlternateMastersAsync(db, assets, track, revision, stored, alternateRenders);
            }

            var report = RenderReport.From(result, ids) with
            {
                Platforms = null, // not checked yet: the platform check fills them in
                Alternates = alternateReports.Count > 0 ? alternateReports : null,
            };
            revision.Status = RevisionStatus.Ready;
            revision.ProgressPercent = 100;
            revision.FailureReason = null;
            revision.RenderReportJson = report.ToJson();
            revision.EngineVersion = MasteringPortal.Audio.EngineVersion.Current;
            db.ProjectEvents.Add(new ProjectEvent
            {
                ProjectId = track.ProjectId, At = context.Now, ActorId = null, Kind = ProjectEventKind.FileAdded,
                Description = RenderedAssets.Description(track.Title, revision.Number, result),
                Audience = EventAudience.Studio, // not posted yet: the client hears of it when it is
            });
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await context.PublishAsync(row);
        return platformCheck?.Id;
    }

    /// <summary>
    /// The alternates' Master FileAssets (each with its TrackAlternateId) and the report's line for each; an alternate
    /// removed while the job ran is left out.
    /// </summary>
    static async Task<List<RenderReportAlternate>> AlternateMastersAsync(PortalDbContext db, RenderedAssets assets, Track track, Revision revision,
        List<(RenderedFile File, StoredFile Stored)> stored, IReadOnlyList<AlternateRender> renders)
    {
        var reports = new List<RenderReportAlternate>();
        if (renders.Count == 0) return reports;
        var wanted = renders.Select(r => r.Alternate.Id).ToList();
        var present = (await db.TrackAlternates.AsNoTracking().Where(a => wanted.Contains(a.Id)).Select(a => a.Id).ToListAsync(CancellationToken.None))
            .ToHashSet();
        foreach (var render in renders.Where(r => present.Contains(r.Alternate.Id)))
        {
            if (render.Result is not { } result)
            {
                reports.Add(new RenderReportAlternate(AlternateKinds.Code(render.Alternate.Kind), render.Alternate.Id, render.MixFileId, null, 0, 0, [], [],
                    render.Failure));
                continue;
            }
            var paths = result.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var ids = new Dictionary<Deliverables, Guid>();
            foreach (var (file, put) in stored.Where(s => paths.Contains(s.File.Path)))
            {
                var asset = assets.Master(track, revision, file, put, render.Alternate);
                db.FileAssets.Add(asset);
                ids[file.Kind] = asset.Id;
            }
            reports.Add(RenderReportAlternate.From(render.Alternate, render.MixFileId, result, ids));
        }
        return reports;
    }
}
