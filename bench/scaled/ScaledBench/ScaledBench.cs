// The scaled topology under load (scripts/run-scaled.sh: nginx, Redis, two web processes, 1 or 2 workers, PostgreSQL):
// RENDERS renders of a MINUTES-long mix queued at once, with PAGES review pages of that track open, pinned half to each
// web process. Measures renders per minute, each render's queue wait and duration (from the job rows), and the time
// from a render finishing on a worker to its waveform drawn in each open page (the page records the server's finishing
// time, sent with the push, and the moment after the frame that drew it; both clocks are this machine's).
//
// usage: dotnet ScaledBench.dll [RENDERS=6] [MINUTES=5] [PAGES=20] [WORKERS="1 2"]   (needs MP_TEST_POSTGRES)
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace MasteringPortal.Bench.Scaled;

public static class ScaledBench
{
    public static async Task Main(string[] args)
    {
        var renders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6;
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var pages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var workerCounts = (args.Length > 3 ? args[3] : "1 2").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
        var dll = Environment.GetEnvironmentVariable("SCALED_BENCH_DLL")
            ?? Path.Combine(PortalFactory.RepositoryRoot, "src/MasteringPortal.Web/bin/Release/net10.0/MasteringPortal.Web.dll");
        var mix = TestSongs.Song(seed: 41, peakDbfs: -2.0, seconds: minutes * 60);
        foreach (var workers in workerCounts)
        {
            await using var topology = await ScaledTopology.StartAsync(dll, workers: workers);
            Console.WriteLine($"== {workers} worker(s): topology ready at {topology.ProxyUrl}");
            await RunAsync(topology, workers, renders, pages, mix, minutes);
        }
    }

    static async Task RunAsync(ScaledTopology topology, int workers, int renders, int pageCount, byte[] mix, double minutes)
    {
        var options = PortalDatabase.Options(DatabaseProvider.Postgres, topology.ConnectionString);
        await topology.UntilAsync(async () =>
        {
            await using var db = new PortalDbContext(options);
            var analyses = await db.PortalJobs.Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync();
            return analyses.Count > 0 && analyses.All(j => j.IsFinished) ? "" : null;
        }, "the demo's analyses");

        // A fourth track on the demo's EP with a long mix, rendered with the settings of a demo revision.
        Guid projectId, trackId;
        string settings;
        var store = new LocalFileStore(Path.Combine(topology.DataDirectory, "files"));
        await using (var db = new PortalDbContext(options))
        {
            var model = await db.Revisions.Include(r => r.Track).Where(r => r.Track!.Project!.Title == "Tidewater EP" && r.Origin == RevisionOrigin.Rendered)
                .OrderBy(r => r.Number).FirstAsync();
            settings = model.SettingsJson!;
            projectId = model.Track!.ProjectId;
            var track = new Track { ProjectId = projectId, Title = "Long Night", Position = 9, Brief = new Brief() };
            db.Tracks.Add(track);
            await db.SaveChangesAsync();
            StoredFile stored;
            using (var content = new MemoryStream(mix)) stored = await store.PutAsync(content);
            var file = new FileAsset
            {
                ProjectId = projectId, TrackId = track.Id, Kind = FileAssetKind.Mix, OriginalName = "long-night.wav", Format = "wav",
                SampleRateHz = DemoMixSynth.SampleRateHz, Channels = 2, BitDepth = 24, DurationSeconds = minutes * 60,
                SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
            };
            db.FileAssets.Add(file);
            await db.SaveChangesAsync();
            track.CurrentMixId = file.Id;
            await db.SaveChangesAsync();
            trackId = track.Id;
        }

        // The review pages, half on each web process, every one live.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MP_CHROMIUM") ?? "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                    "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        });
        var open = new List<IPage>();
        for (var i = 0; i < pageCount; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = topology.ProxyUrl });
            context.SetDefaultTimeout(300_000);
            await context.AddCookiesAsync([new Cookie { Name = "mp_affinity", Value = await topology.AffinityFor(i % 2 == 0 ? "web-1" : "web-2"), Url = topology.ProxyUrl }]);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", DemoSeeder.EngineerEmail);
            await page.FillAsync("#password", DemoSeeder.Password);
            await page.ClickAsync("button[type=submit]");
            await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
            await page.Locator("[data-testid=review-live][data-state=live]").WaitForAsync();
            open.Add(page);
        }
        Console.WriteLine($"   {open.Count} review pages live");

        // The renders, queued at once as the workspace queues them.
        var hangfireOptions = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false, EnableLongPolling = true };
        var hangfire = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(topology.ConnectionString, hangfireOptions), hangfireOptions));
        var jobs = new PortalJobs(new Factory(options), hangfire,
            new JobNotifications(new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance), TimeProvider.System),
            new JobCancellations(), TimeProvider.System, NullLogger<PortalJobs>.Instance);
        var jobIds = new List<Guid>();
        await using (var db = new PortalDbContext(options))
        {
            var mixId = (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId;
            for (var n = 1; n <= renders; n++)
            {
                var revision = new Revision { TrackId = trackId, Number = n, SettingsJson = settings, SourceMixId = mixId, Status = RevisionStatus.Queued };
                db.Revisions.Add(revision);
                await db.SaveChangesAsync();
                jobIds.Add(await jobs.QueueRenderAsync(revision.Id));
            }
        }
        var finished = await topology.UntilAsync(async () =>
        {
            await using var db = new PortalDbContext(options);
            var rows = await db.PortalJobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToListAsync();
            return rows.All(j => j.IsFinished) ? rows : null;
        }, "the renders", pollMilliseconds: 500);
        await Task.Delay(3000); // the last pushes' frames

        var failed = finished.Count(j => j.State != PortalJobState.Succeeded);
        var span = (finished.Max(j => j.FinishedAt!.Value) - finished.Min(j => j.CreatedAt)).TotalMinutes;
        var waits = finished.Select(j => (j.StartedAt!.Value - j.CreatedAt).TotalSeconds).Order().ToList();
        var durations = finished.Where(j => j.State == PortalJobState.Succeeded).Select(j => (j.FinishedAt!.Value - j.StartedAt!.Value).TotalSeconds).Order().ToList();

        var latencies = new List<double>();
        foreach (var page in open)
        {
            var timings = JsonSerializer.Deserialize<JsonElement[]>(await page.EvaluateAsync<string>("() => JSON.stringify(globalThis.__reviewTimings ?? [])"))!;
            latencies.AddRange(timings.Where(t => t.GetProperty("state").GetString() == "ready" && t.GetProperty("key").GetString()!.StartsWith("rev:"))
                .Select(t => t.GetProperty("drawnAt").GetDouble() - t.GetProperty("finishedAt").GetDouble()));
        }
        latencies.Sort();
        static double P(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT workers={workers} renders={renders} failed={failed} mix={minutes:0.#}min pages={open.Count} renders_per_min={renders / span:0.00} "
            + $"queue_wait_p50={P(waits, 0.5):0.0}s queue_wait_max={waits[^1]:0.0}s render_p50={P(durations, 0.5):0.0}s "
            + $"drawn_after_finish_p50={P(latencies, 0.5):0}ms p95={P(latencies, 0.95):0}ms samples={latencies.Count} (of {renders * open.Count})"));
    }

    sealed class Factory(DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new(options);
    }
}
