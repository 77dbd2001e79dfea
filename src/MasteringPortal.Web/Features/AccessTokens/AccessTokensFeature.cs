using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.AccessTokens;

/// <summary>
/// Personal access tokens for engineers: the page that makes and revokes them (<c>/account/tokens</c>) and the
/// authentication that reads them on /api requests (docs/API.md).
/// </summary>
public static class AccessTokensFeature
{
    public static IServiceCollection AddAccessTokens(this IServiceCollection services)
    {
        services.TryAddScoped<AccessTokenService>();
        services.AddAccessTokenAuthentication();
        return services;
    }
}
