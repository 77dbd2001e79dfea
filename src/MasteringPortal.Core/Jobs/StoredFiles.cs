using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>Clean-up of a job that stored files but did not get as far as saving the rows that refer to them.</summary>
internal static class StoredFiles
{
    /// <summary>Removes stored bytes that no FileAsset refers to (the same bytes may belong to another file: then they stay).</summary>
    public static async Task ForgetUnreferencedAsync(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, RunningJobContext context,
        IEnumerable<string> keys)
    {
        var list = keys.Distinct().ToList();
        if (list.Count == 0) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var referenced = await db.FileAssets.Where(f => list.Contains(f.StorageKey)).Select(f => f.StorageKey).ToListAsync();
            foreach (var key in list.Except(referenced)) store.Delete(key);
        }
        catch (Exception e)
        {
            context.Logger.LogWarning(e, "Removing the stored files of an unfinished job failed");
        }
    }
}
