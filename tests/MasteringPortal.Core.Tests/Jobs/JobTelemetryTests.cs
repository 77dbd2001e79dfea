using System.Collections.Concurrent;
using System.Diagnostics;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Telemetry;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Tests.Jobs;

/// <summary>
/// What operators see of a job: its run is a span in the trace of the request that queued it (through the row, so it
/// holds in whichever process runs it), marked with its outcome, and every line it logs carries its job and project ids.
/// </summary>
public sealed class JobTelemetryTests : DatabaseTests<SqliteTestDatabase>, IDisposable
{
    const string RequestsName = "MasteringPortal.Tests.Requests";
    static readonly ActivitySource Requests = new(RequestsName);
    readonly JobHarness harness;
    readonly ConcurrentQueue<Activity> ended = new();
    readonly ActivityListener listener;

    public JobTelemetryTests(SqliteTestDatabase database) : base(database)
    {
        harness = new JobHarness(database);
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is PortalTelemetry.Name or RequestsName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = ended.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose()
    {
        listener.Dispose();
        harness.Dispose();
    }

    async Task<(Guid ProjectId, Guid TrackId)> SeedAsync()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var track = await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
        return (seed.ProjectA.Id, track.Id);
    }

    Activity RunOf(Guid jobId) =>
        Assert.Single(ended, a => a.Source.Name == PortalTelemetry.Name && (string?)a.GetTagItem("portal.job.id") == jobId.ToString());

    [SkippableFact]
    public async Task A_jobs_run_is_a_span_of_the_request_that_queued_it_and_says_how_it_ended()
    {
        var (projectId, trackId) = await SeedAsync();
        var mix = await harness.AddMixAsync(trackId, JobSignals.StereoSine(harness.WavPath("sine.wav"), -20, 2));

        Guid jobId;
        Activity request;
        using (request = Requests.StartActivity("POST /api/uploads/complete")!)
            jobId = await harness.Jobs().QueueAnalysisAsync(mix.Id);
        Assert.Null(Activity.Current);
        await harness.DrainAsync(); // runs outside the request, as a worker in another process would, from the row alone

        await using (var db = Db())
            Assert.Equal(request.Id, (await db.PortalJobs.SingleAsync(j => j.Id == jobId)).TraceParent);
        var run = RunOf(jobId);
        Assert.Equal("analysis job", run.OperationName);
        Assert.Equal(request.TraceId, run.TraceId);
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal(projectId.ToString(), run.GetTagItem("portal.project.id"));
        Assert.Equal(harness.Options.WorkerName, run.GetTagItem("portal.worker"));
        Assert.Equal("succeeded", run.GetTagItem("portal.job.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
    }

    [SkippableFact]
    public async Task A_failed_run_is_marked_failed_and_its_log_lines_name_the_job_and_project()
    {
        var (projectId, trackId) = await SeedAsync();
        var garbage = harness.WavPath("not-audio.wav");
        await File.WriteAllTextAsync(garbage, "these bytes are not a WAV file at all");
        var mix = await harness.AddMixAsync(trackId, garbage);
        var jobId = await harness.Jobs().QueueAnalysisAsync(mix.Id); // nothing traced: the run starts a trace of its own

        var logs = new ScopedLogs();
        Assert.True(harness.Hangfire.TryTake(out var turn));
        await harness.Runner(logs).RunAsync(turn.PortalJobId, CancellationToken.None);

        await using (var db = Db())
            Assert.Equal(PortalJobState.Failed, (await db.PortalJobs.SingleAsync(j => j.Id == jobId)).State);
        var run = RunOf(jobId);
        Assert.Equal(default, run.ParentSpanId);
        Assert.Equal("failed", run.GetTagItem("portal.job.outcome"));
        Assert.Equal(ActivityStatusCode.Error, run.Status);

        var failure = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(jobId, failure.Scope["JobId"]);
        Assert.Equal(projectId, failure.Scope["ProjectId"]);
        Assert.Equal(PortalJobKind.Analysis, failure.Scope["JobKind"]);
        Assert.Equal(run.TraceId, failure.TraceId); // the line is inside the run's span
    }

    /// <summary>A logger that keeps each entry with the scope values it was written under, as a JSON console would print them.</summary>
    sealed class ScopedLogs : ILogger<JobRunner>
    {
        readonly AsyncLocal<IReadOnlyDictionary<string, object>?> scope = new();

        public ConcurrentQueue<(LogLevel Level, IReadOnlyDictionary<string, object> Scope, ActivityTraceId? TraceId)> Entries { get; } = new();

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var outer = scope.Value;
            var merged = new Dictionary<string, object>(outer ?? new Dictionary<string, object>());
            if (state is IEnumerable<KeyValuePair<string, object>> values)
                foreach (var (key, value) in values) merged[key] = value;
            scope.Value = merged;
            return new Restore(() => scope.Value = outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, scope.Value ?? new Dictionary<string, object>(), Activity.Current?.TraceId));

        sealed class Restore(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
