using System.Net;
using System.Text.Json;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// <c>/health</c>: database, storage and ffmpeg; 200 when healthy or degraded, 503 when down. Anyone (a load balancer,
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
            .AddCheck<FfmpegHealthCheck>("ffmpeg", failureStatus: HealthStatus.Degraded);
        services.AddSingleton<HealthSnapshot>();
        return services;
    }

    public static void MapPortalHealth(this WebApplication app) =>
        app.MapGet("/health", async (HttpContext context, HealthSnapshot snapshot, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct) =>
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
        }).AllowAnonymous();

    /// <summary>
    /// An engineer, as the database says (not the cookie's role), or a request from this machine that no proxy
    /// forwarded: behind a reverse proxy on the same host every request comes from loopback, but carries
    /// <c>X-Forwarded-For</c> or <c>Forwarded</c>.
    /// </summary>
    static async Task<bool> MaySeeDetailsAsync(HttpContext context, IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        var request = context.Request;
        if (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && !request.Headers.ContainsKey("X-Forwarded-For") && !request.Headers.ContainsKey("Forwarded"))
            return true;
        if (context.User.Identity?.IsAuthenticated != true) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ViewerAsync(context.User, ct) is { IsEngineer: true };
    }
}
