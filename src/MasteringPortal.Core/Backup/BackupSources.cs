using MasteringPortal.Core.Data;

namespace MasteringPortal.Core.Backup;

/// <summary>
/// Where an install keeps what a backup must hold, read from the app's own configuration: the database (provider and
/// connection string), the file store's root and the data-protection keys folder.
/// </summary>
public sealed record BackupSources(DatabaseProvider Provider, string ConnectionString, string StorageRoot, string KeysFolder)
{
    public static BackupSources From(Microsoft.Extensions.Configuration.IConfiguration configuration, string contentRoot)
    {
        var provider = PortalDatabase.ProviderFrom(configuration);
        return new BackupSources(
            provider,
            PortalDatabase.ConnectionStringFrom(configuration, provider, contentRoot),
            Path.GetFullPath(configuration["Storage:Root"] ?? "data/files", contentRoot),
            Path.GetFullPath(configuration["DataProtection:KeysPath"] ?? "data/keys", contentRoot));
    }
}
