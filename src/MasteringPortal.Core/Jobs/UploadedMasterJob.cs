using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// What a rendered revision gets, for a master the engineer made on their own chain and uploaded: its analysis with
/// the master's checks (<see cref="MasterChecks"/>: the studio's ceiling, the brief's target and resolution), the
/// client's preview, and the brief's other files derived from it by the engine without any processing (sample-rate
/// conversion, one dither, encoding, each measured as a render's are). The upload itself is the master and stays as it
/// arrived; a 16-bit 44.1 kHz WAV master is the 16-bit file too, so it is never dithered twice. One save holds the
/// analysis, the derived files, the preview and the revision made Ready, with its check as the streaming platforms
/// stream it queued (<see cref="PlatformsJob"/>, as for a render, counting overs against the studio's ceiling).
/// Progress: analysis 0-60 %, files 60-97 %, preview 97-99 %.
/// </summary>
public sealed class UploadedMasterJob(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, AudioTools tools,
    PlatformCopies.Options platformCopies, PortalJobs jobs)
{
    public async Task RunAsync(RunningJobContext context, Revision revision)
    {
        var ct = context.Token;
        FileAsset master;
        Brief? brief;
        double ceiling;
        PreviewSettings preview;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            master = await db.FileAssets.AsNoTracking()
                .Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master && f.UploadedById != null && f.TrackAlternateId == null)
                .OrderBy(f => f.CreatedAt).FirstOrDefaultAsync(ct)
                ?? throw new JobRefusedException("The uploaded master of this revision is missing: upload it again.");
            brief = await db.Briefs.AsNoTracking().FirstOrDefaultAsync(b => b.TrackId == revision.TrackId, ct);
            ceiling = await db.Projects.Where(p => p.Id == master.ProjectId).Select(p => p.Studio!.MasterCeilingDbtp).FirstAsync(ct);
            preview = await RenderPreview.SettingsAsync(db, master.ProjectId, false, ct);
        }
        var masterPath = await context.LocalPathAsync(master.StorageKey);
        var started = DateTimeOffset.UtcNow;

        var measured = await context.WithProgressAsync(0, 0.6,
            progress => Task.Run(() => AnalysisJob.Analyse(masterPath, tools, progress, ct), ct));
        var expected = new MasterExpectations(ceiling, BriefTargets.Loudness(brief)?.TargetLufs, BriefTargets.WantsHighResolution(brief));
        var analysis = measured with { Checks = MasterChecks.Evaluate(measured, expected) };

        var passesAs16Bit = PassesAs16Bit(master);
        var derived = RenderJob.DeliverablesFor(brief?.DeliveryFormats ?? DeliveryFormats.Wav24) & ~Deliverables.Wav24;
        if (passesAs16Bit) derived &= ~Deliverables.Wav16;
        var result = derived == 0
            ? null
            : await context.WithProgressAsync(0.6, 0.9, progress => Task.Run(() => Renderer.Render(masterPath, Untouched,
                new RenderOutputs(Path.Combine(context.WorkFolder, "out"), "derived", derived), tools, progress, ct), ct));

        var previewPath = Path.Combine(context.WorkFolder, "preview.mp3");
        await context.WithProgressAsync(0.97, 0.99, _ => Task.Run(() =>
        {
            RenderPreview.Encode(masterPath, previewPath, preview, tools, ct);
            return true;
        }, ct));

        var report = Report(master, analysis, passesAs16Bit, result, DateTimeOffset.UtcNow - started);
        Guid? platformCheck = null;
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, result?.Files ?? [], [previewPath],
            async (stored, singles) => platformCheck = await SaveAsync(context, revision.Id, master, analysis, stored, (previewPath, singles[0]), report));
        if (platformCheck is { } check) await jobs.EnqueueSavedAsync(check, CancellationToken.None);
    }

    /// <summary>A 16-bit 44.1 kHz WAV master is the CD file too: it is never dithered a second time.</summary>
    internal static bool PassesAs16Bit(FileAsset master) =>
        master.Format == "wav" && master.BitDepth == 16 && master.SampleRateHz == Renderer.DistributionRateHz;

    /// <summary>The engine with nothing switched on: no tone stages, no loudness gain, no limiter; only conversion and dither.</summary>
    internal static readonly RenderSettings Untouched = new()
    {
        Loudness = null,
        Limiter = new ProcessorStage<Audio.Dsp.Limiting.TruePeakLimiterSettings> { Enabled = false, Settings = new Audio.Dsp.Limiting.TruePeakLimiterSettings() },
    };

    /// <summary>The revision's report, as a render's: the master's own figures first, then each derived file's.</summary>
    static RenderReport Report(FileAsset master, IntakeAnalysis analysis, bool passesAs16Bit, RenderResult? derived, TimeSpan took)
    {
        var files = new List<RenderReportFile> { new("wav24", master.Id, analysis.IntegratedLufs, analysis.TruePeakDbtp ?? double.NegativeInfinity) };
        if (passesAs16Bit) files.Add(new RenderReportFile("wav16", master.Id, analysis.IntegratedLufs, analysis.TruePeakDbtp ?? double.NegativeInfinity));
        files.AddRange((derived?.Files ?? []).Select(f => new RenderReportFile(RenderReportFile.NameOf(f.Kind), null, f.IntegratedLufs, f.TruePeakDbtp)));
        return new RenderReport(analysis.IntegratedLufs, analysis.LoudnessRangeLu, analysis.TruePeakDbtp ?? double.NegativeInfinity, 0,
            Math.Round(took.TotalSeconds, 3), files, derived?.Warnings ?? []);
    }

    /// <summary>Saves the revision Ready with its files, and its platform check queued; returns that check's job id, if any.</summary>
    async Task<Guid?> SaveAsync(RunningJobContext context, Guid revisionId, FileAsset master, IntakeAnalysis analysis,
        List<(RenderedFile File, StoredFile Stored)> stored, (string Path, StoredFile Stored) preview, RenderReport report)
    {
        var assets = new RenderedAssets(tools, context);
        PortalJob row;
        PortalJob? platformCheck;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            row = await context.RowForFinishAsync(db);
            var revision = await db.Revisions.Include(r => r.Track).Include(r => r.Files)
                .SingleOrDefaultAsync(r => r.Id == revisionId, CancellationToken.None)
                ?? throw new JobRefusedException("This revision was deleted while its master was being checked.");
            var track = revision.Track!;
            db.Analyses.RemoveRange(db.Analyses.Where(a => a.FileAssetId == master.Id));
            db.Analyses.Add(AnalysisJob.AnalysisRow(master.Id, analysis, context.Now));
            var files = report.Files.ToList();
            foreach (var (file, put) in stored)
            {
                var asset = assets.Master(track, revision, file, put);
                db.FileAssets.Add(asset);
                var index = files.FindIndex(f => f.Kind == RenderReportFile.NameOf(file.Kind));
                if (index >= 0) files[index] = files[index] with { FileAssetId = asset.Id };
            }
            if (!revision.Files.Any(f => f.Kind == FileAssetKind.Preview))
                db.FileAssets.Add(assets.Preview(track, revision, preview.Path, preview.Stored));
            // Checked already (this master's check run again): its platform lines stay; else the platform check is queued.
            var platforms = revision.Files.Any(f => f.Kind == FileAssetKind.PlatformCopy)
                ? RenderReport.FromJson(revision.RenderReportJson)?.Platforms : null;
            platformCheck = platforms is null ? PlatformsJob.QueueWith(db, platformCopies, revision, track, context) : null;

            revision.Status = RevisionStatus.Ready;
            revision.ProgressPercent = 100;
            revision.FailureReason = null;
            revision.RenderReportJson = (report with { Files = files, Platforms = platforms }).ToJson();
            db.ProjectEvents.Add(new ProjectEvent
            {
                ProjectId = track.ProjectId, At = context.Now, ActorId = null, Kind = ProjectEventKind.Note,
                Description = Description(track.Title, revision.Number, analysis),
                Audience = EventAudience.Studio, // not posted yet: the client hears of it when it is
            });
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await context.PublishAsync(row);
        return platformCheck?.Id;
    }

    /// <summary>The timeline's line: the master's figures and how many of its checks found a problem.</summary>
    static string Description(string trackTitle, int number, IntakeAnalysis analysis)
    {
        var lufs = analysis.IntegratedLufs is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " LUFS" : "silence";
        var peak = analysis.TruePeakDbtp is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + " dBTP" : "no peak";
        var problems = analysis.Checks.Count(c => c.Status == CheckStatus.Problem);
        var verdict = problems == 0 ? "no problems found" : problems == 1 ? "1 problem found" : $"{problems} problems found";
        return $"Uploaded master, revision {number} of \"{trackTitle}\", checked: {lufs}, true peak {peak}; {verdict}.";
    }
}
