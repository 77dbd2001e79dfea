using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteJobLimitTests(SqliteTestDatabase db) : JobLimitTests<SqliteTestDatabase>(db);
public sealed class PostgresJobLimitTests(PostgresTestDatabase db) : JobLimitTests<PostgresTestDatabase>(db);

/// <summary>
/// What one file or one job can cost the workers is bounded: the studio's longest file holds in the analysis job
/// itself, and a job that runs past its kind's time limit is stopped and fails with a message.
/// </summary>
public abstract class JobLimitTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    async Task<Guid> TrackAsync(int maxFileMinutes)
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var studio = await db.Studios.SingleAsync(s => s.Id == seed.ProjectA.StudioId);
        studio.MaxFileMinutes = maxFileMinutes;
        await db.SaveChangesAsync();
        return (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id;
    }

    async Task<PortalJob> AnalyseAsync(Guid trackId, double seconds)
    {
        var mix = await harness.AddMixAsync(trackId, JobSignals.StereoSine(harness.WavPath("long.wav"), -20, seconds));
        var jobId = await harness.Jobs().QueueAnalysisAsync(mix.Id);
        await harness.DrainAsync();
        await using var db = Db();
        Assert.Empty(await db.Analyses.Where(a => a.FileAssetId == mix.Id).ToListAsync());
        return await db.PortalJobs.SingleAsync(j => j.Id == jobId);
    }

    [SkippableFact]
    public async Task A_file_longer_than_the_studio_takes_fails_its_analysis_with_the_length_and_the_limit()
    {
        var trackId = await TrackAsync(maxFileMinutes: 1);
        var job = await AnalyseAsync(trackId, seconds: 61);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.StartsWith("This file is 1 min 1 s long; this studio takes files of up to 1 minute.", job.FailureReason);
    }

    [SkippableFact]
    public async Task An_analysis_past_its_time_limit_is_stopped_and_fails_with_a_message()
    {
        var trackId = await TrackAsync(maxFileMinutes: 60);
        harness.Options = harness.Options with { AnalysisTimeLimit = TimeSpan.Zero };
        var job = await AnalyseAsync(trackId, seconds: 5);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.Contains("the most an analysis may take, and was stopped", job.FailureReason);
    }
}
