using MasteringPortal.Core;
using MasteringPortal.Web.Account;
using MasteringPortal.Web.Components;
using MasteringPortal.Web.Features;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Jobs;
using MasteringPortal.Web.Features.Payments;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Features.Uploads;
using MudBlazor.Services;

namespace MasteringPortal.Web.Hosting;

/// <summary>Registers every module of the portal; Program.cs reads as the table of contents.</summary>
public static class PortalHosting
{
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        // Blazor's own scripts and MudBlazor's _content/ come from the static web assets manifest when the
        // app runs from a build (any environment), and from the publish folder when published.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddPortalCore(builder.Configuration, builder.Environment.ContentRootPath);
        builder.AddPortalIdentity();
        builder.Services.AddPortalFeatures();
        builder.AddPortalJobs();
        builder.Services.AddPortalReview(builder.Configuration);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddPortalHealthChecks();
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapPortalHealth();
        app.MapAccountEndpoints();
        app.MapPortalJobsDashboard();
        app.MapUploadEndpoints();
        app.MapFileEndpoints();
        app.MapDeliveryEndpoints();
        app.MapPaymentEndpoints();
        app.MapReviewEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
