using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Which queued job of a kind runs next, so that one client's twenty uploads (or one project's renders) cannot
/// make everybody else wait behind them. A Hangfire job is only a turn on a worker of its queue: when its turn
/// comes, it runs the queued row whose owner has had the fewest turns while that row waited, which is its own
/// row unless someone else is further behind. Rows and turns stay one for one (every queued row was handed one
/// turn), so every row still runs; only the order changes, round robin between owners instead of arrival order.
/// </summary>
/// <remarks>
/// The owner of a job is who asked for it (the uploader of an analysed file), or its project when nobody did
/// (renders, the analysis of a fresh master): a client shares with other clients, a project with other projects.
/// </remarks>
public static class FairShare
{
    /// <summary>The row the turn of <paramref name="turnOf"/> should run, or null when nothing of its kind is queued.</summary>
    public static async Task<Guid?> NextAsync(PortalDbContext db, Guid turnOf, CancellationToken ct)
    {
        var own = await db.PortalJobs.AsNoTracking().Where(j => j.Id == turnOf)
            .Select(j => new { j.Kind }).SingleOrDefaultAsync(ct);
        if (own is null) return null;

        var queued = await db.PortalJobs.AsNoTracking()
            .Where(j => j.Kind == own.Kind && j.State == PortalJobState.Queued)
            .Select(j => new Turn(j.Id, j.ProjectId, j.RequestedById, j.State, j.CreatedAt, j.StartedAt, j.CancelRequested))
            .ToListAsync(ct);
        if (queued.Count == 0) return null;
        // A cancelled row ends at once when taken, and its turn goes on to the next row: clear those first.
        if (queued.FirstOrDefault(q => q.CancelRequested) is { } cancelled) return cancelled.Id;

        var oldestWait = queued.Min(q => q.CreatedAt);
        var served = await db.PortalJobs.AsNoTracking()
            .Where(j => j.Kind == own.Kind && (j.State == PortalJobState.Running || j.StartedAt >= oldestWait))
            .Select(j => new Turn(j.Id, j.ProjectId, j.RequestedById, j.State, j.CreatedAt, j.StartedAt, j.CancelRequested))
            .ToListAsync(ct);
        return Choose(turnOf, queued, served);
    }

    /// <summary>The choice itself, on rows already read (see <see cref="NextAsync"/>).</summary>
    public static Guid Choose(Guid turnOf, IReadOnlyList<Turn> queued, IReadOnlyList<Turn> served)
    {
        var all = queued.Concat(served).DistinctBy(t => t.Id).ToList();
        var byOwner = all.ToLookup(t => t.Owner);
        var ranked = queued
            .Select(q => (q.Id, q.CreatedAt, Round: TurnsWhileWaiting(q, byOwner[q.Owner])))
            .ToList();
        var fewest = ranked.Min(r => r.Round);
        if (ranked.Any(r => r.Id == turnOf && r.Round == fewest)) return turnOf;
        return ranked.Where(r => r.Round == fewest).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).First().Id;
    }

    /// <summary>
    /// How many turns the owner of <paramref name="row"/> has had, or has ahead of it, since it began waiting:
    /// their jobs running now or started after it was queued, and their queued jobs older than it.
    /// </summary>
    static int TurnsWhileWaiting(Turn row, IEnumerable<Turn> ownersJobs) => ownersJobs.Count(x => x.Id != row.Id && (
        x.State == PortalJobState.Running
        || (x.StartedAt is { } started && started >= row.CreatedAt)
        || (x.State == PortalJobState.Queued && x.CreatedAt < row.CreatedAt)));

    /// <summary>What the choice needs of a job row.</summary>
    public sealed record Turn(
        Guid Id, Guid ProjectId, string? RequestedById, PortalJobState State,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, bool CancelRequested)
    {
        public string Owner => RequestedById ?? ProjectId.ToString("N");
    }
}
