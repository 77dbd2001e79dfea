using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteJobRunnerTests(SqliteTestDatabase db) : JobRunnerTests<SqliteTestDatabase>(db);
public sealed class PostgresJobRunnerTests(PostgresTestDatabase db) : JobRunnerTests<PostgresTestDatabase>(db);

/// <summary>
/// Analysis and render jobs from the row to the results, on a real database and file store: results appear
/// exactly once, an interrupted job is re-run by start-up recovery, failures read as plain words and can be
/// retried, a cancel leaves nothing behind.
/// </summary>
public abstract class JobRunnerTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    async Task<(Guid ProjectId, Guid TrackId)> SeedAsync()
    {
        await using var db = Db();
        return await JobHarness.SeedTrackAsync(db);
    }

    static string Settings(double targetLufs) => JobHarness.TargetSettings(targetLufs);

    [SkippableFact]
    public async Task Analysis_job_saves_the_loudness_of_a_known_sine_and_the_files_format()
    {
        var (_, trackId) = await SeedAsync();
        // EBU Tech 3341 case 1: a stereo 1 kHz sine at -23 dBFS reads -23.0 LUFS (±0.1); the same holds at -20 dBFS.
        var mix = await harness.AddMixAsync(trackId, JobSignals.StereoSine(harness.WavPath("sine.wav"), -20, 10));

        var jobId = await harness.Jobs().QueueAnalysisAsync(mix.Id);
        Assert.Equal(PortalJobs.AnalysisQueue, Assert.Single(harness.Hangfire.All).Queue);
        await harness.DrainAsync();

        await using var db = Db();
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal((PortalJobState.Succeeded, 100, null), (job.State, job.ProgressPercent, job.FailureReason));
        var analysis = Assert.Single(await db.Analyses.Where(a => a.FileAssetId == mix.Id).ToListAsync());
        Assert.Equal(-20.0, analysis.IntegratedLufs!.Value, 0.1);
        Assert.Equal(-20.0, analysis.SamplePeakDbfs!.Value, 0.1);
        // BS.1770-4 Annex 2 allows the true peak of a sine to read up to ~0.5 dB high at 48 kHz; never below its sample peak.
        Assert.InRange(analysis.TruePeakDbtp!.Value, -20.05, -19.5);
        Assert.Equal(0.0, analysis.LoudnessRangeLu!.Value, 0.1);

        var stored = IntakeAnalysis.FromJson(analysis.ResultJson)!;
        Assert.Equal(analysis.IntegratedLufs, stored.IntegratedLufs);
        Assert.NotNull(stored.Waveforms);
        Assert.NotEmpty(stored.Waveforms!);
        Assert.NotEmpty(stored.Checks);

        var asset = await db.FileAssets.SingleAsync(f => f.Id == mix.Id);
        Assert.Equal(("wav", 48000, 2, 24), (asset.Format, asset.SampleRateHz, asset.Channels, asset.BitDepth));
        Assert.Equal(10.0, asset.DurationSeconds!.Value, 0.001);

        // The mix gets its preview in the same save, encoded as a revision's is (MP3 at the studio's bit rate), so that
        // before payment the client compares preview with preview.
        var preview = Assert.Single(await db.FileAssets.Where(f => f.PreviewOfId == mix.Id).ToListAsync());
        Assert.Equal((FileAssetKind.Preview, "mp3", (Guid?)trackId, (Guid?)null), (preview.Kind, preview.Format, preview.TrackId, preview.RevisionId));
        Assert.Equal(10.0, preview.DurationSeconds!.Value, 0.1);
        Assert.Contains(preview.StorageKey, harness.StoredKeys());
    }

    [SkippableFact]
    public async Task Render_job_produces_one_set_of_masters_its_report_the_masters_analysis_and_a_preview_in_one_save()
    {
        var (projectId, trackId) = await SeedAsync();
        await using (var db = Db())
        {
            db.Briefs.Add(new Brief { TrackId = trackId, DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Wav16 });
            await db.SaveChangesAsync();
        }
        harness.PlatformCopies = new PlatformCopies.Options(Enabled: true);
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 6));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        var updates = new List<JobUpdate>();
        using var _ = harness.SubscribeJobs(projectId, u => { lock (updates) updates.Add(u); return Task.CompletedTask; });

        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        // The render alone first: the revision is Ready with its masters and preview, and its check on the streaming
        // platforms is queued as a job of its own (saved with the revision), not yet done.
        Assert.True(harness.Hangfire.TryTake(out var renderTurn));
        await harness.Runner().RunAsync(renderTurn.PortalJobId, CancellationToken.None);
        await using (var early = Db())
        {
            var ready = await early.Revisions.SingleAsync(r => r.Id == revision.Id);
            Assert.Equal(RevisionStatus.Ready, ready.Status);
            Assert.Null(RenderReport.FromJson(ready.RenderReportJson)!.Platforms);
            Assert.Empty(await early.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.PlatformCopy).ToListAsync());
            Assert.Contains(await early.FileAssets.Where(f => f.RevisionId == revision.Id).Select(f => f.Kind).ToListAsync(), k => k == FileAssetKind.Preview);
            var queued = await early.PortalJobs.SingleAsync(j => j.ProjectId == projectId && j.Kind == PortalJobKind.Platforms);
            Assert.Equal((PortalJobState.Queued, revision.Id), (queued.State, queued.TargetId));
        }
        await harness.DrainAsync();

        await using var check = Db();
        var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Succeeded, job.State);
        var rendered = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal((RevisionStatus.Ready, 100, null), (rendered.Status, rendered.ProgressPercent, rendered.FailureReason));
        var files = await check.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync();
        var masters = files.Where(f => f.Kind == FileAssetKind.Master).ToList();
        Assert.Equal(2, masters.Count);
        Assert.All(masters, m => Assert.Equal((FileAssetKind.Master, trackId, projectId), (m.Kind, m.TrackId, m.ProjectId)));
        Assert.Equal([16, 24], masters.Select(m => m.BitDepth ?? 0).Order());
        Assert.All(masters, m => Assert.True(harness.Store.Exists(m.StorageKey)));

        var report = RenderReport.FromJson(rendered.RenderReportJson)!;
        // The renderer's own conformance tolerance for a solved target (tests/MasteringPortal.Audio.Tests RendererTests).
        Assert.InRange(report.IntegratedLufs!.Value, -14.3, -13.7);
        Assert.True(report.TruePeakDbtp <= -1.0 + 0.1, $"{report.TruePeakDbtp:0.00} dBTP");
        Assert.Equal(["wav16", "wav24"], report.Files.Select(f => f.Kind).Order());
        Assert.All(report.Files, f => Assert.Contains(masters, m => m.Id == f.FileAssetId));
        // What the loudness cost is stored with the figures, as the engine measured it (the clipper is off by default).
        Assert.NotNull(report.Distortion);
        Assert.False(report.Distortion.ClipperUsed);
        Assert.NotNull(report.Distortion.CrestFactorAfterDb);

        // The 24-bit master's own intake analysis was saved with the revision (no job of its own) and agrees
        // with the render's measurement; it carries the waveform peaks the review page draws.
        var master = masters.Single(m => m.BitDepth == 24);
        var analysis = Assert.Single(await check.Analyses.Where(a => a.FileAssetId == master.Id).ToListAsync());
        Assert.Equal(report.IntegratedLufs!.Value, analysis.IntegratedLufs!.Value, 0.05);
        Assert.NotEmpty(IntakeAnalysis.FromJson(analysis.ResultJson)!.Waveforms!);
        Assert.Equal([(PortalJobKind.Render, PortalJobState.Succeeded), (PortalJobKind.Platforms, PortalJobState.Succeeded)],
            (await check.PortalJobs.Where(j => j.ProjectId == projectId).ToListAsync()).OrderBy(j => j.CreatedAt).Select(j => (j.Kind, j.State)));
        Assert.Equal(2, harness.Hangfire.All.Count);

        // The client's preview: one lossy file at the studio's bit rate (128 kb/s by default).
        var preview = Assert.Single(files, f => f.Kind == FileAssetKind.Preview);
        Assert.Equal(("mp3", null, trackId), (preview.Format, preview.BitDepth, preview.TrackId));
        Assert.EndsWith("(preview).mp3", preview.OriginalName);
        Assert.True(harness.Store.Exists(preview.StorageKey));
        Assert.Equal(6.0, preview.DurationSeconds!.Value, 0.1);
        Assert.InRange(preview.SizeBytes * 8 / 6.0 / 1000, 110, 150); // kb/s over the 6 s track

        // As the platforms stream it: Spotify, Apple Music and YouTube by default (the brief names none), each a stored
        // copy in the platform's codec, checked against the chain's -1 dBTP ceiling, with the platform's playback gain.
        Assert.Equal(["Apple Music", "Spotify", "YouTube"], report.Platforms!.Select(p => p.Check.Name).Order());
        var copies = files.Where(f => f.Kind == FileAssetKind.PlatformCopy).ToList();
        Assert.Equal(3, copies.Count);
        Assert.All(report.Platforms!, p =>
        {
            var copy = Assert.Single(copies, c => c.Id == p.FileAssetId);
            Assert.True(harness.Store.Exists(copy.StorageKey));
            Assert.Contains($"(as played on {p.Check.Name})", copy.OriginalName);
            Assert.Equal(-1.0, p.Check.CeilingDbtp);
            Assert.Equal(MasteringPortal.Audio.Platforms.PlatformRule.All.Single(r => r.Name == p.Check.Name)
                .Apply(report.IntegratedLufs!.Value, report.TruePeakDbtp).GainDb, p.Check.PlaybackGainDb);
            Assert.Equal(report.IntegratedLufs!.Value, p.Check.IntegratedLufs!.Value, 0.3); // a codec keeps the loudness
        });
        Assert.Equal(["audio/mp4", "audio/ogg", "audio/ogg"], report.Platforms!.Select(p => p.MimeType).Order());

        var renderedLine = Assert.Single(await check.ProjectEvents.Where(e => e.ProjectId == projectId && e.Description.StartsWith("Revision 1 ")).ToListAsync());
        // A rendered revision is the engineer's until posted: its line is not on the client's timeline.
        Assert.Equal(EventAudience.Studio, renderedLine.Audience);
        lock (updates)
        {
            var mine = updates.Where(u => u.JobId == jobId).ToList();
            Assert.Equal(PortalJobState.Succeeded, mine[^1].State);
            Assert.Contains(mine, u => u.State == PortalJobState.Running && u.ProgressPercent is > 0 and < 100);
            Assert.Equal(mine.Select(u => u.ProgressPercent), mine.Select(u => u.ProgressPercent).Order());
        }
        Assert.False(Directory.Exists(harness.Runner().WorkFolder(jobId)));
    }

    [SkippableFact]
    public async Task A_render_queued_before_the_mix_was_replaced_renders_the_mix_it_was_queued_with()
    {
        var (_, trackId) = await SeedAsync();
        var chosen = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("chosen.wav"), 5));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14), sourceMixId: chosen.Id);
        // The client sends a new (shorter) mix before the render runs.
        var replacement = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("replacement.wav"), 3));

        await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        await using var db = Db();
        Assert.Equal(replacement.Id, (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId);
        var master = await db.FileAssets.SingleAsync(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master);
        Assert.Equal(5.0, master.DurationSeconds!.Value, 0.01);
    }

    [SkippableFact]
    public async Task A_render_whose_stored_mix_is_not_the_recorded_file_fails_with_the_reason_and_records_no_master()
    {
        var (_, trackId) = await SeedAsync();
        var mix = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 3));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14), sourceMixId: mix.Id);
        await using (var db = Db())
        {
            // The revision says it was made from other bytes than the file row now holds.
            (await db.Revisions.SingleAsync(r => r.Id == revision.Id)).SourceMixSha256 = new string('0', 64);
            await db.SaveChangesAsync();
        }

        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.Contains("not the file this revision was made from", job.FailureReason);
        Assert.False(await check.FileAssets.AnyAsync(f => f.RevisionId == revision.Id));
        var rendered = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Null(rendered.EngineVersion);
    }

    [SkippableFact]
    public async Task A_finished_render_records_the_engine_version_that_made_it()
    {
        var (_, trackId) = await SeedAsync();
        var mix = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 3));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14), sourceMixId: mix.Id);

        await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var rendered = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal(RevisionStatus.Ready, rendered.Status);
        Assert.Equal(MasteringPortal.Audio.EngineVersion.Current, rendered.EngineVersion);
    }

    [SkippableFact]
    public async Task A_duplicate_enqueue_runs_the_render_once()
    {
        var (projectId, trackId) = await SeedAsync();
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 4));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        // A second click on Render is the same job, and Hangfire delivering the job twice (two workers at once) runs it once.
        Assert.Equal(jobId, await harness.Jobs().QueueRenderAsync(revision.Id));
        Assert.True(harness.Hangfire.TryTake(out var enqueued));
        await Task.WhenAll(harness.Runner().RunAsync(enqueued.PortalJobId, default), harness.Runner().RunAsync(enqueued.PortalJobId, default));
        await harness.Runner().RunAsync(enqueued.PortalJobId, default);
        await harness.DrainAsync();

        await using var db = Db();
        Assert.Single(await db.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master).ToListAsync());
        Assert.Single(await db.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Preview).ToListAsync());
        Assert.Single(await db.ProjectEvents.Where(e => e.ProjectId == projectId && e.Description.StartsWith("Revision 1 ")).ToListAsync());
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal((PortalJobState.Succeeded, 1), (job.State, job.Attempt));
    }

    [SkippableFact]
    public async Task A_render_interrupted_by_a_stopping_process_is_run_again_by_recovery_and_its_masters_appear_once()
    {
        var (_, trackId) = await SeedAsync();
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 30));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        Assert.True(harness.Hangfire.TryTake(out var enqueued));

        // The process stops in the middle of the render: Hangfire's shutdown token fires once progress is under way.
        using var shutdown = new CancellationTokenSource();
        using var _ = harness.SubscribeJobs((await ProjectOf(revision.Id)), u =>
        {
            if (u.JobId == jobId && u.State == PortalJobState.Running && u.ProgressPercent > 0) shutdown.Cancel();
            return Task.CompletedTask;
        });
        await harness.Runner().RunAsync(enqueued.PortalJobId, shutdown.Token);
        Assert.True(shutdown.IsCancellationRequested, "the render finished before it could be interrupted");

        await using (var db = Db())
        {
            var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(PortalJobState.Running, job.State); // as a crash leaves it
            Assert.Empty(await db.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync());
        }
        // What a hard crash leaves besides: half-written files in the job's folder, and in-memory Hangfire forgets its queue.
        var work = harness.Runner().WorkFolder(jobId);
        Directory.CreateDirectory(Path.Combine(work, "out"));
        File.WriteAllText(Path.Combine(work, "out", "master.wav"), "half a file");
        harness.Hangfire.Forget();

        Assert.True(await harness.Recovery().RequeueInterruptedAsync() >= 1);
        Assert.Contains(harness.Hangfire.All, e => e.PortalJobId == jobId && e != enqueued);
        Assert.False(Directory.Exists(work));
        await using (var db = Db())
        {
            var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal((PortalJobState.Queued, 2, 0), (job.State, job.Attempt, job.ProgressPercent));
            Assert.Equal(RevisionStatus.Queued, (await db.Revisions.SingleAsync(r => r.Id == revision.Id)).Status);
        }
        await harness.DrainAsync();
        // A second recovery (another restart) leaves the finished job alone.
        var handedOver = harness.Hangfire.All.Count(e => e.PortalJobId == jobId);
        await harness.Recovery().RequeueInterruptedAsync();
        Assert.Equal(handedOver, harness.Hangfire.All.Count(e => e.PortalJobId == jobId));

        await using var check = Db();
        Assert.Equal(PortalJobState.Succeeded, (await check.PortalJobs.SingleAsync(j => j.Id == jobId)).State);
        Assert.Equal(RevisionStatus.Ready, (await check.Revisions.SingleAsync(r => r.Id == revision.Id)).Status);
        var master = Assert.Single(await check.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master).ToListAsync());
        Assert.Single(await check.Analyses.Where(a => a.FileAssetId == master.Id).ToListAsync());
        Assert.True(harness.Store.Exists(master.StorageKey));
        Assert.Equal(harness.Store.Length(master.StorageKey), master.SizeBytes);
        Assert.False(Directory.Exists(work));
    }

    [SkippableFact]
    public async Task A_corrupt_mix_fails_with_a_reason_in_plain_words_and_the_retry_renders_the_replacement()
    {
        var (_, trackId) = await SeedAsync();
        var corrupt = harness.WavPath("corrupt.wav");
        JobSignals.Music(corrupt, 2);
        var bytes = File.ReadAllBytes(corrupt);
        File.WriteAllBytes(corrupt, bytes[..(bytes.Length / 3)].Concat(new byte[7]).ToArray()[..30]); // a header cut short
        await harness.AddMixAsync(trackId, corrupt);
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));

        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        string reason;
        await using (var db = Db())
        {
            var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal(PortalJobState.Failed, job.State);
            reason = job.FailureReason!;
            var failed = await db.Revisions.SingleAsync(r => r.Id == revision.Id);
            Assert.Equal((RevisionStatus.Failed, reason), (failed.Status, failed.FailureReason));
            Assert.Empty(await db.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync());
        }
        // The audio engine's own message for the file, not an exception's: no type names, paths or stack frames.
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.DoesNotContain("Exception", reason);
        Assert.DoesNotContain(harness.Root, reason);
        Assert.DoesNotContain(" at ", reason);

        // The client sends a proper mix; the engineer retries: a new attempt renders it.
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("good.wav"), 3));
        var retryId = await harness.Jobs().RetryAsync(jobId);
        Assert.NotEqual(jobId, retryId);
        await harness.DrainAsync();

        await using var check = Db();
        var retry = await check.PortalJobs.SingleAsync(j => j.Id == retryId);
        Assert.Equal((PortalJobState.Succeeded, 2), (retry.State, retry.Attempt));
        var rendered = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal((RevisionStatus.Ready, null), (rendered.Status, rendered.FailureReason));
        Assert.Single(await check.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master).ToListAsync());
        await Assert.ThrowsAsync<JobRefusedException>(() => harness.Jobs().RetryAsync(retryId));
    }

    [SkippableFact]
    public async Task Cancelling_a_running_render_ends_it_cancelled_and_leaves_no_files()
    {
        var (_, trackId) = await SeedAsync();
        var mix = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 30));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        Assert.True(harness.Hangfire.TryTake(out var enqueued));

        var cancelled = Task.CompletedTask;
        using var _ = harness.SubscribeJobs(await ProjectOf(revision.Id), u =>
        {
            if (u.JobId == jobId && u.State == PortalJobState.Running && u.ProgressPercent > 0 && cancelled.IsCompleted)
                cancelled = harness.Jobs().CancelAsync(jobId);
            return Task.CompletedTask;
        });
        await harness.Runner().RunAsync(enqueued.PortalJobId, default);
        await cancelled;

        await using var db = Db();
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Cancelled, job.State);
        var stopped = await db.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal((RevisionStatus.Failed, JobMessages.CancelledByEngineer), (stopped.Status, stopped.FailureReason));
        Assert.Empty(await db.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync());
        Assert.Equal([mix.StorageKey], harness.StoredKeys());
        Assert.False(Directory.Exists(harness.Runner().WorkFolder(jobId)));
        // Hangfire delivering the job again later does nothing.
        await harness.Runner().RunAsync(jobId, default);
        Assert.Empty(await db.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task Cancelling_a_queued_render_ends_it_at_once_and_it_never_runs()
    {
        var (_, trackId) = await SeedAsync();
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 2));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);

        await harness.Jobs().CancelAsync(jobId);
        await using (var db = Db())
            Assert.Equal(PortalJobState.Cancelled, (await db.PortalJobs.SingleAsync(j => j.Id == jobId)).State);
        await harness.DrainAsync();

        await using var check = Db();
        Assert.Equal(PortalJobState.Cancelled, (await check.PortalJobs.SingleAsync(j => j.Id == jobId)).State);
        var stopped = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal((RevisionStatus.Failed, JobMessages.CancelledByEngineer), (stopped.Status, stopped.FailureReason));
        Assert.Empty(await check.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync());
    }

    async Task<Guid> ProjectOf(Guid revisionId)
    {
        await using var db = Db();
        return await db.Revisions.Where(r => r.Id == revisionId).Select(r => r.Track!.ProjectId).SingleAsync();
    }
}
