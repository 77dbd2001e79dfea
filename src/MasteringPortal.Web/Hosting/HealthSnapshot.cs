using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The last health report, reused for <c>Health:CacheSeconds</c> (default 5): the checks open the database and write
/// a probe file to storage, so a caller polling <c>/health</c> in a loop must not make the portal do that each time.
/// One run at a time; callers arriving during a run wait for it and share its report.
/// </summary>
public sealed class HealthSnapshot(HealthCheckService checks, IConfiguration configuration, TimeProvider clock)
{
    readonly SemaphoreSlim running = new(1, 1);
    (HealthReport Report, DateTimeOffset At)? last;

    TimeSpan CachePeriod => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Health:CacheSeconds", 5.0), 0, 3600));

    public async Task<HealthReport> CurrentAsync(CancellationToken ct)
    {
        if (Fresh() is { } report) return report;
        await running.WaitAsync(ct);
        try
        {
            if (Fresh() is { } justRun) return justRun;
            var run = await checks.CheckHealthAsync(ct);
            last = (run, clock.GetUtcNow());
            return run;
        }
        finally
        {
            running.Release();
        }
    }

    HealthReport? Fresh() => last is { } l && clock.GetUtcNow() - l.At < CachePeriod ? l.Report : null;
}
