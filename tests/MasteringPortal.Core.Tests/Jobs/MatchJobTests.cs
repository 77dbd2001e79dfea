using System.Collections.Concurrent;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteMatchJobTests(SqliteTestDatabase db) : MatchJobTests<SqliteTestDatabase>(db);

/// <summary>
/// A reference match runs as a job (Jobs/MatchJob): on the render workers' queue, with its progress on the change feed,
/// and it saves on its run exactly what the engine's match gives for the same files and options, with the report naming
/// the references as the engineer saw them. A reference replaced since it was asked for, or one that is not audio,
/// fails it in words and leaves the run without a chain.
/// </summary>
public abstract class MatchJobTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    /// <summary>A track with a stored mix and a stored reference: the same music about 8 dB hotter, at another rate.</summary>
    async Task<(Guid ProjectId, FileAsset Mix, FileAsset Reference, string EngineerId)> SeedAsync()
    {
        Guid projectId, trackId;
        string engineer;
        await using (var db = Db())
        {
            var seed = await StudioSeed.CreateAsync(db);
            (projectId, trackId, engineer) = (seed.ProjectA.Id, (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id, seed.Engineer.UserId);
        }
        var mix = await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 6, rateHz: 44100));
        var reference = await harness.AddReferenceAsync(trackId, JobSignals.Master(harness.WavPath("hot reference.wav"), 6, peakDbfs: -1, rateHz: 48000));
        return (projectId, mix, reference, engineer);
    }

    static MatchOptions Options(RenderSettings baseSettings) => new()
    {
        Aspects = MatchAspects.Tone | MatchAspects.Loudness, ToneAmountPercent = 40, LoudnessAmountPercent = 50,
        MaxBoostDb = 6, MaxCutDb = 8, BaseSettings = baseSettings,
    };

    async Task<MatchRun> AddRunAsync(Guid projectId, FileAsset mix, FileAsset reference, MatchOptions options, string engineer, string? sha = null)
    {
        var request = new RevisionMatch([new RevisionMatchReference(reference.Id, sha ?? reference.Sha256, "The band's last single", 1)],
            options.Aspects.ToString(), options.ToneAmountPercent, options.LoudnessAmountPercent, options.WidthAmountPercent,
            options.DynamicsAmountPercent, options.MaxBoostDb, options.MaxCutDb);
        var run = new MatchRun
        {
            ProjectId = projectId, TrackId = mix.TrackId!.Value, MixFileId = mix.Id, MixSha256 = mix.Sha256,
            RequestJson = request.ToJson(), BaseSettingsJson = options.BaseSettings.ToJson(), RequestedById = engineer,
        };
        await using var db = Db();
        db.MatchRuns.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    [SkippableFact]
    public async Task The_match_job_saves_what_the_engine_matches_for_the_same_files_and_amounts_and_reports_its_progress()
    {
        var (projectId, mix, reference, engineer) = await SeedAsync();
        var baseSettings = new RenderSettings { Limiter = new() { Enabled = true, Settings = new MasteringPortal.Audio.Dsp.Limiting.TruePeakLimiterSettings(CeilingDbtp: -1.5) } };
        var options = Options(baseSettings);
        var run = await AddRunAsync(projectId, mix, reference, options, engineer);
        var updates = new ConcurrentQueue<JobUpdate>();
        using var _ = harness.SubscribeJobs(projectId, u => { updates.Enqueue(u); return Task.CompletedTask; });

        var jobId = await harness.Jobs().QueueMatchAsync(run.Id);
        Assert.Equal(PortalJobs.RenderQueue, Assert.Single(harness.Hangfire.All).Queue); // the render workers' queue
        Assert.Equal(jobId, await harness.Jobs().QueueMatchAsync(run.Id)); // a second click is the same match
        await harness.DrainAsync();

        await using var db = Db();
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal((PortalJobState.Succeeded, PortalJobKind.Match, run.Id), (job.State, job.Kind, job.TargetId));
        var saved = await db.MatchRuns.SingleAsync(r => r.Id == run.Id);

        // What the engine gives for the same files and options, run here directly.
        var direct = ReferenceMastering.Match(harness.Store.LocalPath(mix.StorageKey),
            [new ReferenceFile(harness.Store.LocalPath(reference.StorageKey))], options, harness.Tools);
        Assert.Equal(direct.Settings.ToJson(), saved.SettingsJson);
        var report = MatchReport.FromJson(saved.ReportJson!);
        Assert.Equal("The band's last single", Assert.Single(report.References).Name);
        Assert.Equal(new MatchAmounts(40, 50, 0, 0), report.Amounts);
        Assert.Equal(direct.Report.TargetLufs, report.TargetLufs);
        // The chain it started from is kept where the match did not write: the engineer's ceiling.
        Assert.Equal(-1.5, RenderSettings.FromJson(saved.SettingsJson!).Limiter.Settings!.CeilingDbtp);

        // Progress on the feed for this run, never going back, ending in success.
        var mine = updates.Where(u => u.TargetId == run.Id).ToList();
        Assert.Contains(mine, u => u.State == PortalJobState.Running && u.ProgressPercent is > 0 and < 100);
        var running = mine.Where(u => u.State == PortalJobState.Running).Select(u => u.ProgressPercent).ToList();
        Assert.Equal(running.Order(), running);
        Assert.Equal(PortalJobState.Succeeded, mine[^1].State);
    }

    [SkippableFact]
    public async Task A_reference_replaced_since_the_match_was_asked_for_fails_it_in_words_and_leaves_no_chain()
    {
        var (projectId, mix, reference, engineer) = await SeedAsync();
        var run = await AddRunAsync(projectId, mix, reference, Options(new RenderSettings()), engineer, sha: new string('0', 64));

        var jobId = await harness.Jobs().QueueMatchAsync(run.Id);
        await harness.DrainAsync();

        await using var db = Db();
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.Equal("The reference “The band's last single” has been removed or replaced since the match was asked for. Match again.", job.FailureReason);
        Assert.Null((await db.MatchRuns.SingleAsync(r => r.Id == run.Id)).SettingsJson);
    }

    [SkippableFact]
    public async Task A_reference_that_is_not_audio_fails_the_match_naming_it()
    {
        var (projectId, mix, _, engineer) = await SeedAsync();
        var notAudio = harness.WavPath("notes.wav");
        await File.WriteAllTextAsync(notAudio, "These are my notes about the mix, saved with the wrong name.");
        var reference = await harness.AddReferenceAsync(mix.TrackId!.Value, notAudio);
        var run = await AddRunAsync(projectId, mix, reference, Options(new RenderSettings()), engineer);

        var jobId = await harness.Jobs().QueueMatchAsync(run.Id);
        await harness.DrainAsync();

        await using var db = Db();
        var job = await db.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.StartsWith("The reference ", job.FailureReason);
        Assert.DoesNotContain("Exception", job.FailureReason);
        Assert.Null((await db.MatchRuns.SingleAsync(r => r.Id == run.Id)).ReportJson);
    }
}
