using System.Net;
using System.Text.Json;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// <c>/health/ready</c> (and <c>/health</c>, the same): database, storage, ffmpeg, Redis when configured, and the job
/// queues; 200 when healthy or degraded, 503 when down. <c>/health/live</c>: 200 while the process answers at all (a
/// process manager restarts one that does not; readiness decides whether a proxy sends it requests). Anyone (a load balancer,
/// an uptime monitor) gets the overall status only; the checks and their details (paths, error text) go to the
/// studio's engineers and to callers on the machine itself. The report is shared for a few seconds (<see cref="HealthSnapshot"/>).
/// </summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<FfmpegHealthCheck>("ffmpeg", failureStatus: HealthStatus.Degraded)
            .AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded)
            .AddCheck<JobQueueHealthCheck>("jobs", failureStatus: HealthStatus.Degraded);
        services.AddSingleton<HealthSnapshot>();
        return services;
    }

    public static void MapPortalHealth(this WebApplication app)
    {
        app.MapGet("/health", ReadyAsync).AllowAnonymous();
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous();
        app.MapGet("/health/live", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { status = nameof(HealthStatus.Healthy) });
        }).AllowAnonymous();
    }

    static async Task ReadyAsync(HttpContext context, HealthSnapshot snapshot, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        {
            var report = await snapshot.CurrentAsync(ct);
            // Without ffmpeg the portal still works for WAV and AIFF: degraded, not down.
            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.CacheControl = "no-store";
            object body = await MaySeeDetailsAsync(context, dbFactory, ct)
                ? new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                }
                : new { status = report.Status.ToString() };
            await context.Response.WriteAsJsonAsync(body, JsonSerializerOptions.Web, ct);
        }
    }

    /// <summary>
    /// An engineer, as the database says (not the cookie's role), or a request from this machine that no proxy
    /// forwarded (<see cref="PortalObservability.IsLocalScraper"/>).
    /// </summary>
    static async Task<bool> MaySeeDetailsAsync(HttpContext context, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        if (PortalObservability.IsLocalScraper(context)) return true;
        if (context.User.Identity?.IsAuthenticated != true) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ViewerAsync(context.User, ct) is { IsEngineer: true };
    }
}
