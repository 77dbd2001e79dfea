using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteFairShareTests(SqliteTestDatabase db) : FairShareTests<SqliteTestDatabase>(db);
public sealed class PostgresFairShareTests(PostgresTestDatabase db) : FairShareTests<PostgresTestDatabase>(db);

/// <summary>
/// One client's pile of uploads does not hold the analysis workers: a file another client uploads after the pile
/// runs at the next turn, not after the whole pile; every queued job still runs exactly once.
/// </summary>
public abstract class FairShareTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    async Task<Guid> QueueUploadAsync(Guid trackId, string uploaderId, string name)
    {
        var mix = await harness.AddMixAsync(trackId, JobSignals.StereoSine(harness.WavPath(name), -20, 1));
        await using (var db = Db())
        {
            await db.FileAssets.Where(f => f.Id == mix.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.UploadedById, uploaderId));
        }
        return await harness.Jobs().QueueAnalysisAsync(mix.Id);
    }

    [SkippableFact]
    public async Task A_file_uploaded_behind_another_clients_pile_runs_at_the_next_turn()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        Guid trackA, trackB;
        await using (var db = Db())
        {
            trackA = (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id;
            trackB = (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectB.Id)).Id;
        }

        var a1 = await QueueUploadAsync(trackA, seed.ClientAUser.UserId, "a1.wav");
        var a2 = await QueueUploadAsync(trackA, seed.ClientAUser.UserId, "a2.wav");
        var a3 = await QueueUploadAsync(trackA, seed.ClientAUser.UserId, "a3.wav");
        var b1 = await QueueUploadAsync(trackB, seed.ClientBUser.UserId, "b1.wav");

        // One worker: the turns come in the order Hangfire was handed them (a1, a2, a3, b1).
        await harness.DrainAsync();

        await using var check = Db();
        var jobs = await check.PortalJobs.AsNoTracking().Where(j => new[] { a1, a2, a3, b1 }.Contains(j.Id)).ToListAsync();
        Assert.All(jobs, j => Assert.Equal(PortalJobState.Succeeded, j.State));
        var order = jobs.OrderBy(j => j.StartedAt).Select(j => j.Id).ToList();
        Assert.Equal([a1, b1, a2, a3], order);
    }

    [SkippableFact]
    public async Task A_turn_is_passed_on_when_its_own_job_was_cancelled_while_waiting()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        Guid trackA;
        await using (var db = Db()) trackA = (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id;

        var first = await QueueUploadAsync(trackA, seed.ClientAUser.UserId, "first.wav");
        var second = await QueueUploadAsync(trackA, seed.ClientAUser.UserId, "second.wav");
        await harness.Jobs().CancelAsync(first);

        // Only the first job's turn runs: it must run the second job rather than end with its own cancelled row.
        Assert.True(harness.Hangfire.TryTake(out var turn));
        Assert.Equal(first, turn.PortalJobId);
        await harness.Runner().RunAsync(turn.PortalJobId, CancellationToken.None);

        await using var check = Db();
        Assert.Equal(PortalJobState.Cancelled, (await check.PortalJobs.SingleAsync(j => j.Id == first)).State);
        Assert.Equal(PortalJobState.Succeeded, (await check.PortalJobs.SingleAsync(j => j.Id == second)).State);

        // The second job's own turn then finds nothing queued and does nothing.
        await harness.DrainAsync();
        Assert.Equal(1, await check.Analyses.CountAsync(a => a.FileAsset!.ProjectId == seed.ProjectA.Id));
    }
}

/// <summary>The choice alone, on rows written out by hand.</summary>
public sealed class FairShareChoiceTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Project = Guid.NewGuid();

    static FairShare.Turn Job(int minute, string owner, PortalJobState state = PortalJobState.Queued, int? startedMinute = null) =>
        new(Guid.NewGuid(), Project, owner, state, T0.AddMinutes(minute), startedMinute is { } s ? T0.AddMinutes(s) : null, false);

    [Fact]
    public void A_turn_runs_its_own_job_when_no_owner_is_further_behind()
    {
        var mine = Job(0, "ava");
        var other = Job(1, "ben");
        Assert.Equal(mine.Id, FairShare.Choose(mine.Id, [mine, other], []));
    }

    [Fact]
    public void An_owner_with_a_job_running_gives_the_turn_to_one_with_none()
    {
        var running = Job(0, "ava", PortalJobState.Running, startedMinute: 2);
        var avaNext = Job(1, "ava");
        var ben = Job(3, "ben");
        Assert.Equal(ben.Id, FairShare.Choose(avaNext.Id, [avaNext, ben], [running]));
    }

    [Fact]
    public void Within_one_owner_the_older_job_goes_first()
    {
        var older = Job(0, "ava");
        var newer = Job(1, "ava");
        Assert.Equal(older.Id, FairShare.Choose(newer.Id, [older, newer], []));
    }

    [Fact]
    public void Jobs_that_finished_before_a_job_was_queued_do_not_count_against_its_owner()
    {
        // Ben's analysis an hour ago is not a turn he had while this one waited: his turn stays his.
        var longAgo = Job(-60, "ben", PortalJobState.Succeeded, startedMinute: -59);
        var ava = Job(0, "ava");
        var ben = Job(1, "ben");
        Assert.Equal(ben.Id, FairShare.Choose(ben.Id, [ava, ben], [longAgo]));
    }

    [Fact]
    public void Renders_share_by_project_when_nobody_asked_for_them()
    {
        var p1 = Guid.NewGuid();
        var p2 = Guid.NewGuid();
        var running = new FairShare.Turn(Guid.NewGuid(), p1, null, PortalJobState.Running, T0, T0.AddMinutes(1), false);
        var p1Next = new FairShare.Turn(Guid.NewGuid(), p1, null, PortalJobState.Queued, T0.AddMinutes(0.5), null, false);
        var p2First = new FairShare.Turn(Guid.NewGuid(), p2, null, PortalJobState.Queued, T0.AddMinutes(2), null, false);
        Assert.Equal(p2First.Id, FairShare.Choose(p1Next.Id, [p1Next, p2First], [running]));
    }
}
