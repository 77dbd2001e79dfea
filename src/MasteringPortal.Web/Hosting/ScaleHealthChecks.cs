using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// Redis, when the processes share their change feed through it: without it each process still works, but pages stop
/// hearing what the other processes do until it is back (degraded, not down).
/// </summary>
public sealed class RedisHealthCheck(IProjectChangeFeed feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feed switch
        {
            RedisProjectChangeFeed { IsConnected: true } => HealthCheckResult.Healthy("Redis connected: live updates reach every process"),
            RedisProjectChangeFeed => HealthCheckResult.Degraded("Redis is not reachable: pages hear only the changes made in their own process"),
            _ => HealthCheckResult.Healthy("one process: live updates stay in it (no ConnectionStrings:Redis)"),
        });
}

/// <summary>The job queues as this process sees them: how many analyses and renders wait and run (all processes).</summary>
public sealed class JobQueueHealthCheck(IDbContextFactory<PortalDbContext> dbFactory, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await JobQueueCounts.ReadAsync(db, cancellationToken);
        int Count(PortalJobKind kind, PortalJobState state) => counts.Of(kind, state);
        var role = WorkerRole.IsWorker(configuration) ? "worker" : "web";
        var workers = $"{configuration.GetValue("Jobs:Workers", 1)} render and {configuration.GetValue("Jobs:AnalysisWorkers", 1)} analysis workers here";
        return HealthCheckResult.Healthy(
            $"{role} process, {workers}; analyses: {Count(PortalJobKind.Analysis, PortalJobState.Queued)} queued, "
            + $"{Count(PortalJobKind.Analysis, PortalJobState.Running)} running; renders: {Count(PortalJobKind.Render, PortalJobState.Queued)} queued, "
            + $"{Count(PortalJobKind.Render, PortalJobState.Running)} running; matches: {Count(PortalJobKind.Match, PortalJobState.Queued)} queued, "
            + $"{Count(PortalJobKind.Match, PortalJobState.Running)} running");
    }
}
