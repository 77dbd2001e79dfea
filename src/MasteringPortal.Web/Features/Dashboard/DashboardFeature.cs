using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>The dashboards of engineers and clients: their pages read through <see cref="DashboardQueries"/>.</summary>
public static class DashboardFeature
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddScoped<DashboardQueries>();
        return services;
    }
}
