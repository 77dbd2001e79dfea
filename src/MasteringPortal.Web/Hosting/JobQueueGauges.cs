using System.Diagnostics.Metrics;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The shared job queues as gauges: jobs queued and running by kind, read from the job rows (the queue is the
/// database's, so every process reports the same figures; a scraper takes any one). Read when scraped, at most every
/// few seconds; a failed read keeps the last figures and logs why.
/// </summary>
public sealed class JobQueueGauges : IDisposable
{
    static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    readonly IDbContextFactory<PortalDbContext> dbFactory;
    readonly TimeProvider clock;
    readonly ILogger<JobQueueGauges> logger;
    readonly Meter meter;
    readonly Lock gate = new();
    JobQueueCounts counts = JobQueueCounts.None;
    DateTimeOffset readAt = DateTimeOffset.MinValue;

    public JobQueueGauges(IDbContextFactory<PortalDbContext> dbFactory, IMeterFactory meters, TimeProvider clock, ILogger<JobQueueGauges> logger)
    {
        this.dbFactory = dbFactory;
        this.clock = clock;
        this.logger = logger;
        meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("portal.jobs.queued", () => Observe(PortalJobState.Queued), "{job}", "Jobs waiting for a worker, by kind");
        meter.CreateObservableGauge("portal.jobs.running", () => Observe(PortalJobState.Running), "{job}", "Jobs running on a worker, by kind");
    }

    IEnumerable<Measurement<int>> Observe(PortalJobState state)
    {
        var now = Read();
        foreach (var kind in Enum.GetValues<PortalJobKind>())
            yield return new Measurement<int>(now.Of(kind, state),
                new KeyValuePair<string, object?>("kind", PortalTelemetry.KindTag(kind)));
    }

    JobQueueCounts Read()
    {
        lock (gate)
        {
            if (clock.GetUtcNow() - readAt < Freshness) return counts;
            try
            {
                using var db = dbFactory.CreateDbContext();
                counts = JobQueueCounts.Read(db);
                readAt = clock.GetUtcNow();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The job queue could not be read for the metrics; the last figures stand");
            }
            return counts;
        }
    }

    public void Dispose() => meter.Dispose();
}
