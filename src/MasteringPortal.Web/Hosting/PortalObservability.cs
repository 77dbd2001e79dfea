using System.Net;
using MasteringPortal.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// Metrics and traces (OpenTelemetry), in every process, web or worker:
/// <list type="bullet">
/// <item>Prometheus text at <c>/metrics</c> (<c>Telemetry:Prometheus</c>, on by default): the portal's own jobs,
/// queue, render seconds and upload bytes (<see cref="PortalTelemetry"/>, <see cref="JobQueueGauges"/>), and
/// ASP.NET Core's requests, Kestrel connections, SignalR hub connections and Blazor circuits. Answered only to a
/// scraper on this machine that came straight to the process, never through the proxy: the figures are the studio's
/// business, not the public's.</item>
/// <item>Traces by OTLP when <c>Telemetry:OtlpEndpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) names a collector:
/// each request, and each job run as a child of the request that queued it, whichever process runs it.</item>
/// </list>
/// Logs carry the trace and span ids, and a job's lines its job and project ids (JobRunner's scope); set
/// <c>Logging:Console:FormatterName=json</c> with <c>Logging:Console:FormatterOptions:IncludeScopes=true</c> to have
/// them as structured JSON (scripts/run-scaled.sh does).
/// </summary>
public static class PortalObservability
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddPortalObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var prometheus = configuration.GetValue("Telemetry:Prometheus", true);
        var otlp = configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } endpoint ? endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!prometheus && string.IsNullOrEmpty(otlp)) return builder;

        builder.Services.AddSingleton<JobQueueGauges>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("masteringportal",
                serviceInstanceId: $"{(WorkerRole.IsWorker(configuration) ? "worker" : "web")}:{Environment.MachineName}:{Environment.ProcessId}"));
        if (prometheus)
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(PortalTelemetry.Name)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Components.Server.Circuits")
                .AddInstrumentation(sp => sp.GetRequiredService<JobQueueGauges>())
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(otlp))
            telemetry.WithTracing(tracing => tracing
                .AddSource(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return builder;
    }

    /// <summary>Serves <c>/metrics</c> (before the pages, the sign-in and the rate limits).</summary>
    public static WebApplication UsePortalMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", true))
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == MetricsPath && IsLocalScraper(context));
        return app;
    }

    /// <summary>
    /// A request from this machine that no proxy forwarded: behind a reverse proxy on the same host every request comes
    /// from loopback, but carries X-Forwarded-For or Forwarded (X-Original-For once the forwarded headers are applied).
    /// </summary>
    public static bool IsLocalScraper(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For")
        && !context.Request.Headers.ContainsKey("X-Original-For")
        && !context.Request.Headers.ContainsKey("Forwarded");
}
