using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

public sealed partial class JobRunner
{
    /// <summary>
    /// Renders a revision from the track's current mix with the revision's settings into the job's folder, runs
    /// the 24-bit master's intake analysis (numbers, curves, waveform peaks) and encodes the client's preview
    /// (JobRunner.Preview), puts each file into the store, then saves in ONE SaveChanges the Master and Preview
    /// FileAssets, the master's Analysis, the revision (Ready, 100 %, its report) and a timeline event, with the
    /// job's success: a revision is never Ready without its analysis and preview. Stored bytes nobody refers to
    /// are removed again when the job does not get that far. Progress: render 0-85 %, analysis 85-97 %,
    /// preview 97-99 %.
    /// </summary>
    async Task RenderAsync(PortalJob job, JobCancellations.RunningJob running, string work)
    {
        var ct = running.Token;
        Revision revision;
        FileAsset mix;
        DeliveryFormats formats;
        PreviewSettings preview;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            revision = await db.Revisions.AsNoTracking().Include(r => r.Track).SingleOrDefaultAsync(r => r.Id == job.TargetId, ct)
                ?? throw new JobRefusedException("This revision was deleted before it could be rendered.");
            var mixId = revision.Track!.CurrentMixId
                ?? throw new JobRefusedException("This track has no mix to master yet: upload one first.");
            mix = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == mixId, ct)
                ?? throw new JobRefusedException("The track's mix was deleted: upload it again, then retry.");
            formats = await db.Briefs.Where(b => b.TrackId == revision.TrackId).Select(b => (DeliveryFormats?)b.DeliveryFormats).FirstOrDefaultAsync(ct)
                ?? DeliveryFormats.Wav24;
            preview = await PreviewSettingsAsync(db, revision.Track.ProjectId, ct);
        }
        var settings = RenderSettings.FromJson(revision.SettingsJson);
        var mixPath = await LocalPathAsync(mix.StorageKey, work, ct);
        var outputs = new RenderOutputs(Path.Combine(work, "out"), "master", DeliverablesFor(formats));

        var result = await WithProgressAsync(job, running, 0, 85,
            progress => Renderer.RenderAsync(mixPath, settings, outputs, new PercentAsFraction(progress), ct));

        // The master's own analysis belongs to the revision: the review page shows it the moment the revision is Ready.
        var masterFile = result.Files.Single(f => f.Kind == Deliverables.Wav24);
        var analysis = await WithProgressAsync(job, running, 85, 97, progress => Task.Run(() =>
        {
            using var source = AudioFile.OpenRead(masterFile.Path, options.Decode);
            return IntakeAnalyzer.Analyze(source, progress, ct, new IntakeAnalyzerOptions());
        }, ct));

        var previewPath = Path.Combine(work, "out", "preview.mp3");
        await WithProgressAsync(job, running, 97, 99, _ => EncodePreviewAsync(masterFile.Path, previewPath, preview, ct));

        var stored = new List<(RenderedFile File, StoredFile Stored)>();
        StoredFile? storedPreview = null;
        try
        {
            foreach (var file in result.Files)
            {
                await using var content = File.OpenRead(file.Path);
                stored.Add((file, await store.PutAsync(content, ct)));
            }
            await using (var content = File.OpenRead(previewPath)) storedPreview = await store.PutAsync(content, ct);
            await SaveRenderAsync(job, running, revision, result, stored, analysis, (previewPath, storedPreview));
        }
        catch
        {
            var keys = stored.Select(s => s.Stored.Key);
            await ForgetUnreferencedAsync(storedPreview is null ? keys : keys.Append(storedPreview.Key));
            throw;
        }
    }

    async Task SaveRenderAsync(PortalJob job, JobCancellations.RunningJob running, Revision rendered, RenderResult result,
        List<(RenderedFile File, StoredFile Stored)> stored, IntakeAnalysis analysis, (string Path, StoredFile Stored) preview)
    {
        PortalJob row;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            row = await RowForFinishAsync(db, job.Id, running);
            var revision = await db.Revisions.Include(r => r.Track).Include(r => r.Files)
                .SingleOrDefaultAsync(r => r.Id == rendered.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This revision was deleted while it was rendering.");
            var track = revision.Track!;
            var ids = new Dictionary<Deliverables, Guid>();
            if (revision.Files.Any(f => f.Kind == FileAssetKind.Master))
            {
                // Never a second set of masters for one revision (the row's take makes this unreachable; kept as a guard).
                logger.LogWarning("Revision {RevisionId} already has masters; the files of job {JobId} are not added", revision.Id, job.Id);
            }
            else
            {
                foreach (var (file, put) in stored)
                {
                    var asset = new FileAsset
                    {
                        ProjectId = track.ProjectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master,
                        OriginalName = FileNameFor(track.Title, revision.Number, file.Kind),
                        SizeBytes = put.SizeBytes, Sha256 = put.Sha256, StorageKey = put.Key, CreatedAt = clock.GetUtcNow(),
                    };
                    DescribeFormat(asset, file);
                    db.FileAssets.Add(asset);
                    ids[file.Kind] = asset.Id;
                    if (file.Kind == Deliverables.Wav24) db.Analyses.Add(AnalysisRow(asset.Id, analysis));
                }
                db.FileAssets.Add(PreviewAsset(track, revision, preview.Path, preview.Stored));
            }

            var report = RenderReport.From(result, ids);
            revision.Status = RevisionStatus.Ready;
            revision.ProgressPercent = 100;
            revision.FailureReason = null;
            revision.RenderReportJson = report.ToJson();
            db.ProjectEvents.Add(new ProjectEvent
            {
                ProjectId = track.ProjectId, At = clock.GetUtcNow(), ActorId = null, Kind = ProjectEventKind.FileAdded,
                Description = RenderedDescription(track.Title, revision.Number, result),
            });
            MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await JobOutcomes.PublishAsync(notifications, row, logger);
    }

    /// <summary>Removes stored bytes that no FileAsset refers to (the same bytes may belong to another file: then they stay).</summary>
    async Task ForgetUnreferencedAsync(IEnumerable<string> keys)
    {
        var list = keys.Distinct().ToList();
        if (list.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var referenced = await db.FileAssets.Where(f => list.Contains(f.StorageKey)).Select(f => f.StorageKey).ToListAsync();
            foreach (var key in list.Except(referenced)) store.Delete(key);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Removing the stored files of an unfinished render failed");
        }
    }

    /// <summary>The brief's delivery formats as the renderer's deliverables; the 24-bit master is always made.</summary>
    public static Deliverables DeliverablesFor(DeliveryFormats formats)
    {
        var d = Deliverables.Wav24;
        if (formats.HasFlag(DeliveryFormats.Wav16)) d |= Deliverables.Wav16;
        if (formats.HasFlag(DeliveryFormats.Mp3)) d |= Deliverables.Mp3;
        if (formats.HasFlag(DeliveryFormats.Aac)) d |= Deliverables.Aac;
        return d;
    }

    /// <summary>"Opening – revision 2.wav", "… (16-bit 44.1 kHz).wav", ".mp3", ".m4a": shown and offered on download, never a path.</summary>
    static string FileNameFor(string trackTitle, int number, Deliverables kind)
    {
        var stem = FileStem(trackTitle, number);
        return kind switch
        {
            Deliverables.Wav16 => stem + " (16-bit 44.1 kHz).wav",
            Deliverables.Mp3 => stem + ".mp3",
            Deliverables.Aac => stem + ".m4a",
            _ => stem + ".wav",
        };
    }

    /// <summary>"Opening – revision 2": the track's title made safe for a file name, and the revision.</summary>
    static string FileStem(string trackTitle, int number)
    {
        var title = string.Concat(trackTitle.Trim().Select(c => Path.GetInvalidFileNameChars().Contains(c) || char.IsControl(c) ? '-' : c));
        if (title.Length == 0) title = "Track";
        return $"{title} – revision {number}";
    }

    /// <summary>Format facts of a written file; a probe failure leaves them empty for the analysis to fill.</summary>
    void DescribeFormat(FileAsset asset, RenderedFile file)
    {
        asset.Format = file.Kind switch { Deliverables.Mp3 => "mp3", Deliverables.Aac => "aac", _ => "wav" };
        try
        {
            var info = AudioFile.Probe(file.Path, options.Decode);
            asset.SampleRateHz = info.Format.SampleRateHz;
            asset.Channels = info.Format.Channels;
            asset.BitDepth = info.Format.IsLossy || info.Format.Encoding == Audio.SampleEncoding.Compressed ? null : info.Format.BitDepth;
            asset.DurationSeconds = info.Duration?.TotalSeconds;
        }
        catch (Exception e) when (e is Audio.AudioFileException or IOException)
        {
            logger.LogWarning(e, "Probing the rendered {Kind} file failed", file.Kind);
        }
    }

    static string RenderedDescription(string trackTitle, int number, RenderResult result)
    {
        var lufs = result.IntegratedLufs is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " LUFS" : "silence";
        var peak = result.TruePeakDbtp.ToString("0.0", CultureInfo.InvariantCulture);
        return $"Revision {number} of \"{trackTitle}\" rendered: {lufs}, true peak {peak} dBTP.";
    }

    /// <summary>The renderer reports percent (0-100); the pump wants a fraction.</summary>
    sealed class PercentAsFraction(IProgress<double> fraction) : IProgress<double>
    {
        public void Report(double percent) => fraction.Report(percent / 100);
    }
}
