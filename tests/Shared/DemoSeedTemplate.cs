using MasteringPortal.Core.Data;
using MasteringPortal.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing;

/// <summary>
/// The demo studio seeded once per test process and copied into each seeded portal's empty directory (its SQLite
/// database, stored files and data-protection keys), so that each portal starts with the demo already there instead
/// of seeding it again: the seed renders three revisions, encodes their previews and analyses twelve files, about
/// nine seconds of CPU per portal, and the test projects start several dozen seeded portals (docs/TESTING.md). The
/// template is made by a default portal that seeds, runs the seed's analysis jobs to the end and stops; a portal that
/// needs the seed made its own way (another clock, database or job settings) seeds as before
/// (<see cref="PortalFactory.UseSeedTemplate"/>). If the template cannot be made, every portal seeds its own.
/// </summary>
public static class DemoSeedTemplate
{
    static readonly Lazy<string?> Template = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the template into <paramref name="directory"/> when that holds no database yet.</summary>
    internal static void CopyInto(string directory)
    {
        if (File.Exists(Path.Combine(directory, "portal.db"))) return;
        if (Template.Value is not { } template) return;
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
        }
    }

    static string? Build()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mp-seed-template-{Environment.ProcessId}");
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            using (var portal = new PortalFactory(seedDemo: true, folder) { UseSeedTemplate = false })
            {
                portal.CreateClient().Dispose();
                Task.Run(() => UntilJobsDoneAsync(portal.Services)).GetAwaiter().GetResult();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // Nothing of a running portal's is kept: leftover job folders and upload parts are not part of the demo.
            foreach (var transient in new[] { Path.Combine(folder, "files", "jobs"), Path.Combine(folder, "files", "uploads") })
                if (Directory.Exists(transient)) Directory.Delete(transient, recursive: true);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
            return folder;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"The demo seed template could not be made; each portal seeds its own: {e.Message}");
            return null;
        }
    }

    static async Task UntilJobsDoneAsync(IServiceProvider services)
    {
        for (var waited = 0; waited < 120_000; waited += 100)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                if (!await db.PortalJobs.AnyAsync(j => j.State == PortalJobState.Queued || j.State == PortalJobState.Running)) return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The demo's analysis jobs did not finish within two minutes.");
    }
}
