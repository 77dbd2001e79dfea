using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteJobLeaseTests(SqliteTestDatabase db) : JobLeaseTests<SqliteTestDatabase>(db);
public sealed class PostgresJobLeaseTests(PostgresTestDatabase db) : JobLeaseTests<PostgresTestDatabase>(db);

/// <summary>
/// Jobs that survive their worker: a running job holds a lease it renews; a job whose worker stopped renewing is taken
/// over by exactly one sweeping process and runs again from the start, its results saved once; a job whose worker is
/// alive is never taken; a worker that was cut off and comes back records nothing. Time is a fake clock; the job is
/// held mid-run by a store whose reads wait for the test.
/// </summary>
public abstract class JobLeaseTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    readonly JobHarness harness = new(database);
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2031, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => harness.Dispose();

    JobRunner Runner(string worker, IFileStore store) => new(harness.Factory, store, harness.Notifications, harness.Cancellations, clock,
        harness.Options with { Lease = Lease, WorkerName = worker },
        new AnalysisJob(harness.Factory, harness.Tools, store),
        new RenderJob(harness.Factory, store, harness.Tools, new UploadedMasterJob(harness.Factory, store, harness.Tools, new PlatformCopies.Options(Enabled: false), harness.Jobs()),
            new PlatformCopies.Options(Enabled: false), harness.Jobs()),
        new MatchJob(harness.Factory, harness.Tools, store), new AlbumJob(harness.Factory, harness.Tools, store), new PlatformsJob(harness.Factory, store, harness.Tools),
        NullLogger<JobRunner>.Instance);

    JobRecovery Sweeper() => new(harness.Factory, harness.Jobs(), harness.Runner(), harness.Notifications, clock, NullLogger<JobRecovery>.Instance);

    async Task<(Guid JobId, Guid FileId)> QueueAnalysisAsync()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        Guid trackId;
        await using (var db = Db()) trackId = (await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id;
        var mix = await harness.AddMixAsync(trackId, JobSignals.StereoSine(harness.WavPath($"{Guid.NewGuid():N}.wav"), -20, 2));
        var jobId = await harness.Jobs().QueueAnalysisAsync(mix.Id);
        Assert.True(harness.Hangfire.TryTake(out _)); // the test runs the job itself
        return (jobId, mix.Id);
    }

    async Task<PortalJob> RowAsync(Guid jobId)
    {
        await using var db = Db();
        return await db.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    async Task<PortalJob> WaitForAsync(Guid jobId, Func<PortalJob, bool> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            var row = await RowAsync(jobId);
            if (condition(row)) return row;
            await Task.Delay(50);
        }
        throw new TimeoutException("The job row never reached the expected state.");
    }

    async Task<int> AnalysesOfAsync(Guid fileId)
    {
        await using var db = Db();
        return await db.Analyses.CountAsync(a => a.FileAssetId == fileId);
    }

    [SkippableFact]
    public async Task A_job_whose_worker_is_alive_keeps_its_lease_and_is_never_taken_over()
    {
        var (jobId, fileId) = await QueueAnalysisAsync();
        var store = new GatedStore(harness.Store);
        var run = Task.Run(() => Runner("worker-a", store).RunAsync(jobId, CancellationToken.None));
        var taken = await WaitForAsync(jobId, j => j.State == PortalJobState.Running);
        Assert.Equal(("worker-a", clock.GetUtcNow() + Lease), (taken.Worker, taken.LeaseExpiresAt));
        await store.Reading.Task;

        // Five times a third of the lease: 50 s in all, longer than the lease, renewed each time.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(Lease / 3);
            var until = clock.GetUtcNow() + Lease;
            await WaitForAsync(jobId, j => j.LeaseExpiresAt >= until);
            Assert.Equal(0, await Sweeper().TakeOverExpiredAsync());
        }

        store.Open();
        await run;
        var done = await RowAsync(jobId);
        Assert.Equal((PortalJobState.Succeeded, 1), (done.State, done.Attempt));
        Assert.Equal(1, await AnalysesOfAsync(fileId));
    }

    [SkippableFact]
    public async Task A_job_whose_worker_died_is_taken_over_once_its_lease_ends_and_runs_again_once()
    {
        var (jobId, fileId) = await QueueAnalysisAsync();
        // A worker took it and was killed: nothing renews the lease any more.
        await using (var db = Db())
            await db.PortalJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, PortalJobState.Running).SetProperty(j => j.Worker, "killed-host:4242:dead")
                .SetProperty(j => j.StartedAt, clock.GetUtcNow()).SetProperty(j => j.LeaseExpiresAt, clock.GetUtcNow() + Lease));

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Sweeper().TakeOverExpiredAsync());

        clock.Advance(TimeSpan.FromSeconds(2));
        // Two processes sweep at the same moment: one takes it.
        var counts = await Task.WhenAll(Sweeper().TakeOverExpiredAsync(), Sweeper().TakeOverExpiredAsync());
        Assert.Equal(1, counts.Sum());
        var queued = await RowAsync(jobId);
        Assert.Equal((PortalJobState.Queued, 2, (string?)null), (queued.State, queued.Attempt, queued.Worker));

        Assert.True(harness.Hangfire.TryTake(out var turn));
        await Runner("worker-b", harness.Store).RunAsync(turn.PortalJobId, CancellationToken.None);
        var done = await RowAsync(jobId);
        Assert.Equal((PortalJobState.Succeeded, 2, "worker-b"), (done.State, done.Attempt, done.Worker));
        Assert.Equal(1, await AnalysesOfAsync(fileId));
        Assert.False(Directory.Exists(harness.Runner().WorkFolder(jobId)));
    }

    [SkippableFact]
    public async Task A_worker_cut_off_past_its_lease_stops_and_records_nothing_when_it_comes_back()
    {
        var (jobId, fileId) = await QueueAnalysisAsync();
        var store = new GatedStore(harness.Store);
        var stale = Task.Run(() => Runner("worker-a", store).RunAsync(jobId, CancellationToken.None));
        await WaitForAsync(jobId, j => j.State == PortalJobState.Running);
        await store.Reading.Task;

        // Worker A cannot reach the database for longer than its lease: its lease ends, B's sweep takes the job over.
        await using (var db = Db())
            await db.PortalJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, clock.GetUtcNow()));
        Assert.Equal(1, await Sweeper().TakeOverExpiredAsync());
        Assert.True(harness.Hangfire.TryTake(out var turn));
        await Runner("worker-b", harness.Store).RunAsync(turn.PortalJobId, CancellationToken.None);
        Assert.Equal(PortalJobState.Succeeded, (await RowAsync(jobId)).State);

        // A comes back: its next renewal finds the job gone, and it stops without saving or failing anything.
        clock.Advance(Lease / 3);
        store.Open();
        await stale;
        var done = await RowAsync(jobId);
        Assert.Equal((PortalJobState.Succeeded, 2, "worker-b", (string?)null), (done.State, done.Attempt, done.Worker, done.FailureReason));
        Assert.Equal(1, await AnalysesOfAsync(fileId));
    }

    /// <summary>The real store, whose reads wait until <see cref="Open"/>: holds a job mid-run for as long as the test needs.</summary>
    sealed class GatedStore(LocalFileStore inner) : IFileStore
    {
        readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the job has begun reading (it is running and holds its lease).</summary>
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => gate.TrySetResult();

        public Task<StoredFile> PutAsync(Stream content, CancellationToken cancellationToken = default) => inner.PutAsync(content, cancellationToken);
        public Stream OpenRead(string key) => new GatedStream(inner.OpenRead(key), gate.Task, Reading);
        public bool Exists(string key) => inner.Exists(key);
        public void Delete(string key) => inner.Delete(key);
        public long Length(string key) => inner.Length(key);
    }

    sealed class GatedStream(Stream inner, Task gate, TaskCompletionSource reading) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            reading.TrySetResult();
            await gate.WaitAsync(cancellationToken);
            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
