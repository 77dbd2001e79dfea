using System.Text.Json;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Testing.UploadLoad;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Bench.UploadLoad;

/// <summary>
/// The server half: the demo portal on a loopback port with its own data folder and the shipped limits, the load's
/// clients created, renders queued; its resident memory sampled every 200 ms until the clients' report arrives; then
/// the render and analysis queues' waits read from the job rows, and every completed upload checked in the store.
/// </summary>
public static class LoadServer
{
    public static async Task<int> RunAsync(string dataDirectory, string worldFile, int clientCount, int renders)
    {
        using var portal = new PortalFactory(seedDemo: true, dataDirectory) { UseSeedTemplate = false };
        portal.Settings["Logging:LogLevel:Default"] = "Warning";
        // PortalFactory lifts the per-network limits for the tests; the load runs with the ones the portal ships.
        foreach (var limit in new ConfigurationBuilder().AddJsonFile(Path.Combine(PortalFactory.RepositoryRoot, "appsettings.json")).Build()
                     .GetSection("RateLimits").AsEnumerable().Where(pair => pair.Value is not null))
            portal.Settings[limit.Key] = limit.Value;
        var baseAddress = portal.StartKestrel();
        var services = portal.Services;
        var clients = await LoadPeople.CreateAsync(services, clientCount);
        var idle = Memory.ResidentKiB();
        var started = DateTimeOffset.UtcNow;
        using var sampler = new Memory.Sampler();
        var renderJobs = await LoadPeople.QueueRendersAsync(services, renders);
        await File.WriteAllTextAsync(worldFile + ".tmp", JsonSerializer.Serialize(new LoadWorld(baseAddress, clients)));
        File.Move(worldFile + ".tmp", worldFile);

        var reportFile = worldFile + ".report";
        while (!File.Exists(reportFile)) await Task.Delay(200);
        // Only what the check needs is read back (the report's concurrent collections are written, not read, by JSON).
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile));
        var completed = report.RootElement.GetProperty(nameof(LoadReport.Completed)).Deserialize<List<CompletedFile>>()!;
        var abandoned = report.RootElement.GetProperty(nameof(LoadReport.Abandoned)).Deserialize<List<string>>()!;
        var peakDuringUploads = sampler.PeakKiB;

        // The renders finish after the uploads: their waits are only known once each has started.
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        for (var waited = 0; waited < 1800 && await db.PortalJobs.AnyAsync(j => j.CreatedAt >= started && j.FinishedAt == null); waited++)
            await Task.Delay(1000);
        var jobs = await db.PortalJobs.AsNoTracking().Where(j => j.CreatedAt >= started).ToListAsync();
        var lost = await LoadVerification.LostAsync(services, completed, abandoned);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            clients = clientCount,
            idleRssMiB = idle / 1024.0, peakRssDuringUploadsMiB = peakDuringUploads / 1024.0, peakRssMiB = sampler.PeakKiB / 1024.0,
            renders = Waits(jobs.Where(j => j.Kind == PortalJobKind.Render)),
            analyses = Waits(jobs.Where(j => j.Kind != PortalJobKind.Render)),
            renderJobsQueued = renderJobs.Count,
            completedUploads = completed.Count, abandonedUploads = abandoned.Count, lost,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return lost.Count == 0 ? 0 : 1;
    }

    static object Waits(IEnumerable<PortalJob> jobs)
    {
        var list = jobs.ToList();
        var waits = list.Where(j => j.StartedAt is not null).Select(j => (j.StartedAt!.Value - j.CreatedAt).TotalSeconds).Order().ToList();
        var runs = list.Where(j => j.StartedAt is not null && j.FinishedAt is not null).Select(j => (j.FinishedAt!.Value - j.StartedAt!.Value).TotalSeconds).ToList();
        return new
        {
            count = list.Count, succeeded = list.Count(j => j.State == PortalJobState.Succeeded),
            failed = list.Count(j => j.State == PortalJobState.Failed),
            waitSecondsMedian = waits.Count > 0 ? waits[waits.Count / 2] : (double?)null, waitSecondsMax = waits.Count > 0 ? waits[^1] : (double?)null,
            runSecondsMean = runs.Count > 0 ? runs.Average() : (double?)null,
        };
    }
}

/// <summary>What the client process needs to know: where the portal is and who the clients are.</summary>
public sealed record LoadWorld(string BaseAddress, IReadOnlyList<LoadClient> Clients);
