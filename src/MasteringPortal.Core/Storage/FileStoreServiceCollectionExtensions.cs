using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Core.Storage;

public static class FileStoreServiceCollectionExtensions
{
    public const string DefaultRoot = "data/files";

    /// <summary>Registers <see cref="IFileStore"/> on local disk under <c>Storage:Root</c> (default data/files, relative to the content root).</summary>
    public static IServiceCollection AddPortalFileStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Storage:Root"];
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultRoot : configured, Path.GetFullPath(contentRoot));
        var store = new LocalFileStore(root);
        services.AddSingleton(store);
        services.AddSingleton<IFileStore>(store);
        return services;
    }
}
