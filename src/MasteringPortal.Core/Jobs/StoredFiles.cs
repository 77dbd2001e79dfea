using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Jobs;

/// <summary>Clean-up of a job that stored files but did not get as far as saving the rows that refer to them.</summary>
internal static class StoredFiles
{
    /// <summary>
    /// Puts a job's written files and its preview into the store, then runs <paramref name="save"/> with what was
    /// stored; when anything fails on the way, the stored bytes no row refers to are removed again.
    /// </summary>
    public static Task StoreThenSaveAsync(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, RunningJobContext context,
        IEnumerable<RenderedFile> files, string previewPath,
        Func<List<(RenderedFile File, StoredFile Stored)>, StoredFile, Task> save) =>
        StoreThenSaveAsync(dbFactory, store, context, files, previewPath, null, (stored, preview, _) => save(stored, preview));

    /// <inheritdoc cref="StoreThenSaveAsync(IDbContextFactory{PortalDbContext}, IFileStore, RunningJobContext, IEnumerable{RenderedFile}, string, Func{List{ValueTuple{RenderedFile, StoredFile}}, StoredFile, Task})"/>
    /// <param name="extraPath">One more file to store with them (a sample's passage of the mix), or null.</param>
    public static Task StoreThenSaveAsync(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, RunningJobContext context,
        IEnumerable<RenderedFile> files, string previewPath, string? extraPath,
        Func<List<(RenderedFile File, StoredFile Stored)>, StoredFile, StoredFile?, Task> save) =>
        StoreThenSaveAsync(dbFactory, store, context, files, extraPath is null ? [previewPath] : [previewPath, extraPath],
            (stored, singles) => save(stored, singles[0], singles.Count > 1 ? singles[1] : null));

    /// <inheritdoc cref="StoreThenSaveAsync(IDbContextFactory{PortalDbContext}, IFileStore, RunningJobContext, IEnumerable{RenderedFile}, string, Func{List{ValueTuple{RenderedFile, StoredFile}}, StoredFile, Task})"/>
    /// <param name="singlePaths">The other files to store (the preview first), given back stored in the same order.</param>
    public static async Task StoreThenSaveAsync(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, RunningJobContext context,
        IEnumerable<RenderedFile> files, IReadOnlyList<string> singlePaths,
        Func<List<(RenderedFile File, StoredFile Stored)>, IReadOnlyList<StoredFile>, Task> save)
    {
        var stored = new List<(RenderedFile File, StoredFile Stored)>();
        var singles = new List<StoredFile>();
        try
        {
            foreach (var file in files)
            {
                await using var content = File.OpenRead(file.Path);
                stored.Add((file, await store.PutAsync(content, context.Token)));
            }
            foreach (var path in singlePaths)
            {
                await using var content = File.OpenRead(path);
                singles.Add(await store.PutAsync(content, context.Token));
            }
            await save(stored, singles);
        }
        catch
        {
            await ForgetUnreferencedAsync(dbFactory, store, context, stored.Select(s => s.Stored.Key).Concat(singles.Select(s => s.Key)));
            throw;
        }
    }

    /// <summary>Removes stored bytes that no FileAsset refers to (the same bytes may belong to another file: then they stay).</summary>
    internal static async Task ForgetUnreferencedAsync(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, RunningJobContext context,
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
            context.Logger.LogWarning(e, "Removing stored files no row refers to any more failed");
        }
    }
}
