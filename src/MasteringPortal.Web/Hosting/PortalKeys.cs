using MasteringPortal.Core.Data;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The data-protection keys behind sign-in cookies, antiforgery tokens and invitation links (in the database instead with
/// <c>DataProtection:Store=Database</c>, for several processes). They survive restarts
/// (people stay signed in), kept with the app's data (<c>DataProtection:KeysPath</c>, default data/keys) in a folder
/// only the portal's user can read. With <c>DataProtection:CertificatePath</c> (a PKCS#12 file, password in
/// <c>DataProtection:CertificatePassword</c>) every key is also encrypted at rest with that certificate, so a copy of
/// the data folder (a backup) is not enough to forge a sign-in.
/// </summary>
public static class PortalKeys
{
    public static IServiceCollection AddPortalKeys(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var keys = services.AddDataProtection().SetApplicationName("MasteringPortal");
        if (string.Equals(configuration["DataProtection:Store"], "Database", StringComparison.OrdinalIgnoreCase))
        {
            // Several processes on several machines read one key ring from the portal's database (and its backups carry it).
            keys.PersistKeysToDbContext<PortalDbContext>();
        }
        else
        {
            var folder = new DirectoryInfo(Path.GetFullPath(configuration["DataProtection:KeysPath"] ?? "data/keys", contentRoot));
            folder.Create();
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            keys.PersistKeysToFileSystem(folder);
        }
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(path, contentRoot),
                configuration["DataProtection:CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException("DataProtection:CertificatePath must name a certificate with its private key (a .pfx/.p12 file).");
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return services;
    }
}
