using System.Security.Cryptography;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing.UploadLoad;

/// <summary>After a load: every completed upload is stored with its SHA-256 and its bytes match; no abandoned file was stored.</summary>
public static class LoadVerification
{
    public static async Task<IReadOnlyList<string>> LostAsync(IServiceProvider services, IEnumerable<CompletedFile> completed, IEnumerable<string> abandoned)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var store = services.GetRequiredService<IFileStore>();
        var lost = new List<string>();
        foreach (var file in completed)
        {
            var row = await db.FileAssets.AsNoTracking().SingleOrDefaultAsync(f => f.Id == file.FileAssetId);
            if (row is null) { lost.Add($"client {file.Client}: file {file.FileAssetId} has no row"); continue; }
            if (row.Sha256 != file.Sha256 || row.SizeBytes != file.SizeBytes) { lost.Add($"client {file.Client}: file {file.FileAssetId} recorded as another file"); continue; }
            await using var stored = store.OpenRead(row.StorageKey);
            if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)) != file.Sha256) lost.Add($"client {file.Client}: stored bytes of {file.FileAssetId} do not match");
        }
        foreach (var sha in abandoned)
            if (await db.FileAssets.AnyAsync(f => f.Sha256 == sha)) lost.Add($"an abandoned upload ({sha[..12]}…) was stored");
        return lost;
    }
}
