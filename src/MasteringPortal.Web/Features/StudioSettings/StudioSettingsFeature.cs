using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.StudioSettings;

/// <summary>The studio's settings page: prices, currency, revision rounds, payment instructions.</summary>
public static class StudioSettingsFeature
{
    public static IServiceCollection AddStudioSettings(this IServiceCollection services)
    {
        services.TryAddScoped<StudioSettingsService>();
        return services;
    }
}
