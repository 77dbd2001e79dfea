using MasteringPortal.Core.Uploads;
using MasteringPortal.Web.Features.Dashboard;
using MasteringPortal.Web.Features.Invitations;
using MasteringPortal.Web.Features.Payments;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.StudioSettings;
using MasteringPortal.Web.Features.Workspace;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features;

/// <summary>The services behind the portal's pages (dashboards, projects, workspace, studio, invitations, uploads).</summary>
public static class PortalFeatures
{
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<DashboardQueries>();
        services.TryAddScoped<NewProjectService>();
        services.TryAddScoped<StudioSettingsService>();
        services.TryAddScoped<InvitationService>();
        services.TryAddScoped<InvitationSignUp>();
        services.TryAddScoped<ReferenceMatchService>();
        services.AddPortalUploads();
        services.AddPortalPayments();
        return services;
    }
}
