using System.Globalization;
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
/// What an alternate master (instrumental, a cappella, …) the engineer uploaded beside their own main master gets once it
/// is attached (docs/ALBUM.md, "Alternate versions"): its analysis (loudness, true peak), and the brief's other formats
/// derived from it by the engine without processing, as <see cref="UploadedMasterJob"/> derives the main master's. The
/// upload itself already checked that it is lossless and lines up with the main master, so nothing here refuses it: a
/// format that cannot be made is a warning on its line. One save holds the analysis, the derived Master files (with their
/// TrackAlternateId, so the delivery names and tags them as the alternate) and the revision report's line made complete.
/// It runs as the analysis job of the file (the job's target is the FileAsset): no job kind of its own.
/// Progress: analysis 0-50 %, files 50-95 %.
/// </summary>
internal sealed class UploadedAlternateMasterJob(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, AudioTools tools)
{
    /// <summary>An alternate version's master that someone uploaded (rendered ones are never analysed on their own).</summary>
    public static bool Handles(FileAsset file) =>
        file is { Kind: FileAssetKind.Master, TrackAlternateId: not null, RevisionId: not null, UploadedById: not null };

    /// <summary>What the report says of a silent file's true peak (the report is plain JSON: no −∞).</summary>
    const double SilentTruePeakDbtp = -144;

    public async Task RunAsync(RunningJobContext context, FileAsset master)
    {
        var ct = context.Token;
        TrackAlternate alternate;
        DeliveryFormats formats;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            alternate = await db.TrackAlternates.AsNoTracking().SingleOrDefaultAsync(a => a.Id == master.TrackAlternateId, ct)
                ?? throw new JobRefusedException("This alternate version was removed before its master could be checked.");
            formats = await db.Briefs.AsNoTracking().Where(b => b.TrackId == alternate.TrackId).Select(b => (DeliveryFormats?)b.DeliveryFormats)
                .FirstOrDefaultAsync(ct) ?? DeliveryFormats.Wav24;
        }
        var path = await context.LocalPathAsync(master.StorageKey);
        var analysis = await context.WithProgressAsync(0, 0.5,
            progress => Task.Run(() => AnalysisJob.Analyse(path, tools, progress, ct), ct));

        var passesAs16Bit = UploadedMasterJob.PassesAs16Bit(master);
        var derived = RenderJob.DeliverablesFor(formats) & ~Deliverables.Wav24;
        if (passesAs16Bit) derived &= ~Deliverables.Wav16;
        RenderResult? result = null;
        var warnings = new List<string>();
        if (derived != 0)
        {
            try
            {
                result = await context.WithProgressAsync(0.5, 0.95, progress => Task.Run(() => Renderer.Render(path, UploadedMasterJob.Untouched,
                    new RenderOutputs(Path.Combine(context.WorkFolder, "out"), "derived", derived), tools, progress, ct), ct));
                warnings.AddRange(result.Warnings);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The master itself is checked and kept; only the other formats are missing, and the card says so.
                context.Logger.LogWarning(e, "Deriving the formats of alternate master {FileAssetId} failed", master.Id);
                warnings.Add($"The other formats of the {AlternateKinds.Words(alternate.Kind)} could not be made from it: {e.Message}");
            }
        }
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, result?.Files ?? [], [],
            (stored, _) => SaveAsync(context, master, alternate, analysis, passesAs16Bit, stored, warnings));
    }

    async Task SaveAsync(RunningJobContext context, FileAsset master, TrackAlternate alternate, IntakeAnalysis analysis, bool passesAs16Bit,
        List<(RenderedFile File, StoredFile Stored)> stored, List<string> warnings)
    {
        var truePeak = analysis.TruePeakDbtp is { } tp && double.IsFinite(tp) ? tp : SilentTruePeakDbtp;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var row = await context.RowForFinishAsync(db);
            var revision = await db.Revisions.Include(r => r.Track!).ThenInclude(t => t.Project).Include(r => r.Files)
                .SingleOrDefaultAsync(r => r.Id == master.RevisionId, CancellationToken.None)
                ?? throw new JobRefusedException("This revision was deleted while its alternate master was being checked.");
            var report = RenderReport.FromJson(revision.RenderReportJson)
                ?? throw new JobRefusedException("The revision's report is missing: upload the alternate master again.");
            var lines = (report.Alternates ?? []).ToList();
            // The line goes with the file it was made for: a newer upload of the same version replaced both, and has its own job.
            var index = lines.FindIndex(a => a.TrackAlternateId == alternate.Id && a.Files.Any(f => f.FileAssetId == master.Id));
            if (index < 0 || revision.Files.All(f => f.Id != master.Id))
                throw new JobRefusedException($"This {AlternateKinds.Words(alternate.Kind)} master was replaced by a newer one while it was being checked.");
            var track = revision.Track!;

            db.Analyses.RemoveRange(db.Analyses.Where(a => a.FileAssetId == master.Id));
            db.Analyses.Add(AnalysisJob.AnalysisRow(master.Id, analysis, context.Now));
            // A retried job replaces what its earlier run derived, never doubles it.
            foreach (var old in revision.Files.Where(f => f.TrackAlternateId == alternate.Id && f.Kind == FileAssetKind.Master && f.UploadedById == null))
                db.FileAssets.Remove(old);
            var files = new List<RenderReportFile> { new("wav24", master.Id, analysis.IntegratedLufs, truePeak) };
            if (passesAs16Bit) files.Add(new RenderReportFile("wav16", master.Id, analysis.IntegratedLufs, truePeak));
            var assets = new RenderedAssets(tools, context);
            foreach (var (file, put) in stored)
            {
                var asset = assets.Master(track, revision, file, put, alternate);
                db.FileAssets.Add(asset);
                files.Add(new RenderReportFile(RenderReportFile.NameOf(file.Kind), asset.Id, file.IntegratedLufs, file.TruePeakDbtp));
            }
            lines[index] = lines[index] with
            {
                IntegratedLufs = analysis.IntegratedLufs, TruePeakDbtp = truePeak, Files = files, Warnings = warnings, Pending = false,
            };
            revision.RenderReportJson = (report with { Alternates = lines }).ToJson();
            // The project's token guards the report against an upload of another version saving at the same moment.
            track.Project!.Version = Guid.NewGuid();
            db.ProjectEvents.Add(new ProjectEvent
            {
                ProjectId = track.ProjectId, At = context.Now, ActorId = null, Kind = ProjectEventKind.Note,
                Description = Description(track.Title, revision.Number, alternate.Kind, analysis.IntegratedLufs, truePeak, stored.Count),
                Audience = EventAudience.Studio,
            });
            context.MarkSucceeded(row);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                continue; // someone saved the project meanwhile: again on their version
            }
            await context.PublishAsync(row);
            return;
        }
    }

    static string Description(string trackTitle, int number, AlternateKind kind, double? lufs, double truePeak, int derived)
    {
        var loudness = lufs is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " LUFS" : "silence";
        var peak = truePeak.ToString("0.0", CultureInfo.InvariantCulture);
        var made = derived == 0 ? "" : derived == 1 ? "; 1 other format made from it" : $"; {derived} other formats made from it";
        return $"The engineer's {AlternateKinds.Words(kind)} master for revision {number} of \"{trackTitle}\" checked: {loudness}, true peak {peak} dBTP{made}.";
    }
}
