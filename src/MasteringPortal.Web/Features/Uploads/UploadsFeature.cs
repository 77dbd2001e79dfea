using MasteringPortal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Uploads;

public static class UploadsFeature
{
    /// <summary>
    /// Chunked uploads: <see cref="UploadOptions"/> from the "Uploads" section, the upload folder under the file
    /// store's root (same file system, so a finished file moves into the store by rename), the service and the
    /// clean-up of abandoned uploads. Needs <see cref="LocalFileStore"/> (AddPortalCore registers it).
    /// </summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section);
        services.TryAddSingleton(sp => new UploadStore(Path.Combine(sp.GetRequiredService<LocalFileStore>().Root, "uploads")));
        services.TryAddScoped<UploadService>();
        services.TryAddScoped<UnfinishedUploads>();
        services.TryAddSingleton<AbandonedUploadCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<AbandonedUploadCleanup>());
        return services;
    }
}
