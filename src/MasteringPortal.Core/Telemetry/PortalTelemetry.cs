using System.Diagnostics;
using System.Diagnostics.Metrics;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Core.Telemetry;

/// <summary>
/// The portal's own metrics and traces, under one name ("MasteringPortal") that the web host exports (Prometheus at
/// <c>/metrics</c>, traces by OTLP when an endpoint is configured). A job's trace continues the one that queued it: the
/// row keeps the queuing activity's W3C id (<see cref="PortalJob.TraceParent"/>), and whichever process runs the job
/// starts its span as that activity's child, so web → job → worker is one trace across processes.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "MasteringPortal";

    public static readonly ActivitySource Tracing = new(Name);
    public static readonly Meter Metrics = new(Name);

    static readonly Counter<long> JobsStarted = Metrics.CreateCounter<long>(
        "portal.jobs.started", "{job}", "Jobs taken from the queue by a worker (a take-over after a crash counts again)");

    static readonly Counter<long> JobsEnded = Metrics.CreateCounter<long>(
        "portal.jobs.ended", "{job}", "Runs of jobs that ended, by outcome: succeeded, failed, cancelled, timed_out, interrupted, taken_over");

    static readonly Histogram<double> JobSeconds = Metrics.CreateHistogram<double>(
        "portal.jobs.duration", "s", "How long a run of a job took, by kind and outcome (the render seconds)");

    static readonly Histogram<double> JobWait = Metrics.CreateHistogram<double>(
        "portal.jobs.wait", "s", "How long a job waited in the queue before a worker took it, by kind");

    static readonly Counter<long> UploadBytes = Metrics.CreateCounter<long>(
        "portal.uploads.received", "By", "Bytes of upload pieces received and verified");

    /// <summary>The W3C id of the activity a job is queued under (null when nothing is traced).</summary>
    public static string? CurrentTraceParent() => Activity.Current?.Id is { Length: <= PortalJob.TraceParentLength } id ? id : null;

    /// <summary>Starts the span of one run of a job, a child of the span that queued it when that one was traced.</summary>
    public static Activity? StartJob(PortalJob job, string worker)
    {
        var kind = KindTag(job.Kind);
        JobsStarted.Add(1, new KeyValuePair<string, object?>("kind", kind));
        if (job.StartedAt is { } started && job.Attempt == 1)
            JobWait.Record(Math.Max(0, (started - job.CreatedAt).TotalSeconds), new KeyValuePair<string, object?>("kind", kind));
        ActivityContext.TryParse(job.TraceParent, null, out var parent);
        var activity = Tracing.StartActivity($"{kind} job", ActivityKind.Consumer, parent);
        activity?.SetTag("portal.job.id", job.Id.ToString());
        activity?.SetTag("portal.job.kind", kind);
        activity?.SetTag("portal.job.attempt", job.Attempt);
        activity?.SetTag("portal.project.id", job.ProjectId.ToString());
        activity?.SetTag("portal.worker", worker);
        return activity;
    }

    /// <summary>Records how a run ended and how long it took (and marks its span).</summary>
    public static void JobEnded(PortalJobKind kind, string outcome, TimeSpan took, Activity? activity)
    {
        var tags = new TagList { { "kind", KindTag(kind) }, { "outcome", outcome } };
        JobsEnded.Add(1, tags);
        JobSeconds.Record(took.TotalSeconds, tags);
        activity?.SetTag("portal.job.outcome", outcome);
        if (outcome is "failed" or "timed_out") activity?.SetStatus(ActivityStatusCode.Error, outcome);
    }

    public static void UploadReceived(long bytes) => UploadBytes.Add(bytes);

    public static string KindTag(PortalJobKind kind) => kind.ToString().ToLowerInvariant();
}
