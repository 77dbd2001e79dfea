using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Storage;

/// <summary>The storage page (<c>/studio/storage</c>): what the studio's files take, per client and project.</summary>
public static class StorageFeature
{
    public static IServiceCollection AddStorageAccounting(this IServiceCollection services)
    {
        services.TryAddScoped<StorageAccounting>();
        return services;
    }
}
