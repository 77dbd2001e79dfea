using MasteringPortal.Core;
using MasteringPortal.Web.Components;
using MasteringPortal.Web.Features.Setup;
using MudBlazor.Services;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The host around the features: the domain services, Blazor with MudBlazor, health checks, the request pipeline,
/// and the pages. The features register themselves (their AddX/MapX, listed in Program.cs).
/// </summary>
public static class PortalHosting
{
    public static WebApplicationBuilder AddPortalHost(this WebApplicationBuilder builder)
    {
        // Blazor's own scripts and MudBlazor's _content/ come from the static web assets manifest when the
        // app runs from a build (any environment), and from the publish folder when published.
        builder.WebHost.UseStaticWebAssets();
        builder.AddProxyHosting();
        builder.AddPortalRateLimiting();

        // Several processes (web and workers) share one change feed through Redis when it is configured; registered
        // before the core services, which add the in-process feed only when none is there.
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddSingleton(_ => new PortalRedis(redis));
            builder.Services.AddSingleton<MasteringPortal.Core.Changes.IProjectChangeFeed>(sp =>
                new RedisProjectChangeFeed(sp.GetRequiredService<PortalRedis>(), sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddSingleton<Features.Notifications.IBellBroadcast, RedisBellBroadcast>();
        }
        builder.Services.AddPortalCore(builder.Configuration, builder.Environment.ContentRootPath);
        builder.AddPortalObservability();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddPortalHealthChecks();
        builder.Services.AddScoped<Demo.DemoStudios>();
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseProxyHosting(); // first: the forwarded scheme and client address, then HSTS and the security headers
        app.UsePortalMetrics(); // /metrics to a scraper on this machine only
        // With several web processes behind a proxy, each answer names the process that gave it (Hosting:ProcessName).
        if (app.Configuration["Hosting:ProcessName"] is { Length: > 0 } process)
            app.Use((context, next) =>
            {
                context.Response.Headers["X-Served-By"] = process;
                return next(context);
            });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiRefusals(); // an /api refusal is a problem document, never a page
        app.UseStaticFiles();
        app.UseSetupGate();
        app.UsePortalRateLimiting(); // per network, on the endpoints that name a policy (Hosting/RateLimiting)
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Static assets, <c>/health</c> and the Blazor pages; the features' endpoints are mapped by the features.</summary>
    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapPortalHealth();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
