using MasteringPortal.Core.Data;
using MasteringPortal.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The shared queues read from the job rows: how many jobs of each kind wait and run, in every process. Read by the
/// readiness check and the metrics' gauges.
/// </summary>
public sealed record JobQueueCounts(IReadOnlyList<(PortalJobKind Kind, PortalJobState State, int Count)> Rows)
{
    public static readonly JobQueueCounts None = new([]);

    public int Of(PortalJobKind kind, PortalJobState state) => Rows.Where(r => r.Kind == kind && r.State == state).Sum(r => r.Count);

    static IQueryable<Row> Query(PortalDbContext db) => db.PortalJobs.AsNoTracking()
        .Where(j => j.State == PortalJobState.Queued || j.State == PortalJobState.Running)
        .GroupBy(j => new { j.Kind, j.State })
        .Select(g => new Row(g.Key.Kind, g.Key.State, g.Count()));

    public static async Task<JobQueueCounts> ReadAsync(PortalDbContext db, CancellationToken ct) =>
        From(await Query(db).ToListAsync(ct));

    /// <summary>The same, blocking: for an observable gauge's callback, which cannot wait asynchronously.</summary>
    public static JobQueueCounts Read(PortalDbContext db) => From(Query(db).ToList());

    static JobQueueCounts From(List<Row> rows) => new(rows.Select(r => (r.Kind, r.State, r.Count)).ToList());

    sealed record Row(PortalJobKind Kind, PortalJobState State, int Count);
}
