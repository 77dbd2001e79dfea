using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>
/// The scaled topology as scripts/run-scaled.sh starts it (nginx, Redis, two web processes, two workers, real
/// processes on loopback ports, on the test's PostgreSQL server): it answers through the proxy with a sticky cookie,
/// the demo's analyses run on the workers, and a worker killed with SIGKILL in the middle of a render loses the job
/// to the other worker, which renders it once, leaving one set of masters and no scratch files.
/// </summary>
public sealed class ScaledTopologyTests
{
    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [SkippableFact(Timeout = 900_000)]
    public async Task A_worker_killed_mid_render_loses_the_job_to_the_other_worker_which_renders_it_once()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var tools = new[] { "/usr/bin/redis-server", "/usr/sbin/nginx" };
        if (ci) Assert.True(tools.All(File.Exists), "CI=true: ./test.sh installs redis-server and nginx.");
        Skip.If(!tools.All(File.Exists), "The scaled topology needs redis-server and nginx (./test.sh installs them).");
        var dll = Path.Combine(PortalFactory.RepositoryRoot, "src/MasteringPortal.Web/bin/Debug/net10.0/MasteringPortal.Web.dll");
        Skip.IfNot(File.Exists(dll), "The portal is not built in Debug (./test.sh builds it).");

        await using var database = await ThrowawayDatabase.CreateAsync("mp_scaled");
        var connectionString = database.ConnectionString;
        var data = Directory.CreateTempSubdirectory("mp-scaled-").FullName;
        var proxy = FreePort();
        var start = new ProcessStartInfo("bash", [Path.Combine(PortalFactory.RepositoryRoot, "scripts/run-scaled.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = PortalFactory.RepositoryRoot,
            Environment =
            {
                ["SCALED_DATA"] = data, ["SCALED_DLL"] = dll, ["PROXY_PORT"] = proxy.ToString(),
                ["WEB_PORTS"] = $"{FreePort()} {FreePort()}", ["WORKER_PORTS"] = $"{FreePort()} {FreePort()}",
                ["REDIS_PORT"] = FreePort().ToString(), ["ConnectionStrings__Postgres"] = connectionString,
                ["Demo__Seed"] = "true",
                // A short lease so the take-over comes quickly; renewals every 4 s keep a live worker's job its own.
                ["Jobs__LeaseSeconds"] = "12", ["Jobs__LeaseSweepSeconds"] = "2",
            },
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var topology = Process.Start(start)!;
        topology.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        topology.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        topology.BeginOutputReadLine();
        topology.BeginErrorReadLine();
        try
        {
            for (var i = 0; i < 1800 && !output.Any(l => l.Contains("is ready")); i++)
            {
                Assert.False(topology.HasExited, "The topology stopped while starting:\n" + string.Join('\n', output));
                await Task.Delay(100);
            }
            Assert.True(output.Any(l => l.Contains("is ready")), "The topology never became ready:\n" + string.Join('\n', output));
            var workerPids = output.Select(l => Regex.Match(l, @"^== (worker-?\s?\d+) on .* \(pid (\d+)\)$"))
                .Where(m => m.Success).ToDictionary(m => "worker-" + m.Groups[1].Value.Split(' ').Last(), m => int.Parse(m.Groups[2].Value));
            Assert.True(workerPids.Count == 2, "Two workers expected in:\n" + string.Join('\n', output));

            // Through the proxy: ready, and a browser gets the cookie that keeps it on one web process.
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy}") })
            {
                var ready = await http.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Contains(ready.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mp_affinity="));
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/account/login")).StatusCode);
            }

            var options = PortalDatabase.Options(DatabaseProvider.Postgres, connectionString);
            // The demo's analyses were queued by the first web process, which has no workers: the workers did them.
            await UntilAsync(async () =>
            {
                await using var db = new PortalDbContext(options);
                var analyses = await db.PortalJobs.Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync();
                return analyses.Count > 0 && analyses.All(j => j.State == PortalJobState.Succeeded) ? analyses : null;
            }, "the demo's analyses to finish on the workers", output);
            await using (var db = new PortalDbContext(options))
                Assert.All(await db.PortalJobs.Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync(),
                    j => Assert.StartsWith("worker-", j.Worker));

            // A render, queued as the workspace does, reaches a worker; that worker is killed in the middle of it.
            Guid revisionId;
            int mastersOfOneRender;
            await using (var db = new PortalDbContext(options))
            {
                var done = await db.Revisions.Include(r => r.Track).Where(r => r.Status == RevisionStatus.Ready && r.Origin == RevisionOrigin.Rendered)
                    .OrderBy(r => r.CreatedAt).FirstAsync();
                var number = await db.Revisions.Where(r => r.TrackId == done.TrackId).MaxAsync(r => r.Number);
                mastersOfOneRender = await db.FileAssets.CountAsync(f => f.RevisionId == done.Id && f.Kind == FileAssetKind.Master);
                var revision = new Revision
                {
                    TrackId = done.TrackId, Number = number + 1, SettingsJson = done.SettingsJson, SourceMixId = done.Track!.CurrentMixId,
                    Status = RevisionStatus.Queued,
                };
                db.Revisions.Add(revision);
                await db.SaveChangesAsync();
                revisionId = revision.Id;
            }
            var hangfireOptions = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
            var hangfire = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, hangfireOptions), hangfireOptions));
            var contexts = new Factory(options);
            var jobs = new PortalJobs(contexts, hangfire, new JobNotifications(new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance), TimeProvider.System),
                new JobCancellations(), TimeProvider.System, NullLogger<PortalJobs>.Instance);
            var jobId = await jobs.QueueRenderAsync(revisionId);

            var running = await UntilAsync(async () =>
            {
                await using var db = new PortalDbContext(options);
                var job = await db.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
                return job.State == PortalJobState.Running && job.ProgressPercent > 0 ? job : null;
            }, "the render to be running on a worker", output, pollMilliseconds: 50);
            var victim = running.Worker!;
            Process.GetProcessById(workerPids[victim]).Kill(); // SIGKILL: no shutdown, no lease released

            var finished = await UntilAsync(async () =>
            {
                await using var db = new PortalDbContext(options);
                var job = await db.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
                return job.IsFinished ? job : null;
            }, "the other worker to take the render over and finish it", output);
            Assert.Equal(PortalJobState.Succeeded, finished.State);
            Assert.NotEqual(victim, finished.Worker);
            Assert.True(finished.Attempt >= 2);

            await using (var db = new PortalDbContext(options))
            {
                var files = await db.FileAssets.Where(f => f.RevisionId == revisionId).ToListAsync();
                var masters = files.Where(f => f.Kind == FileAssetKind.Master).ToList();
                Assert.NotEmpty(masters);
                // The same settings and brief as a demo revision rendered once: as many masters as it has, no more.
                Assert.Equal(mastersOfOneRender, masters.Count);
                Assert.Single(files, f => f.Kind == FileAssetKind.Preview);
                Assert.Equal(RevisionStatus.Ready, (await db.Revisions.SingleAsync(r => r.Id == revisionId)).Status);
            }
            Assert.False(Directory.Exists(Path.Combine(data, "files", "jobs", jobId.ToString("N"))));
        }
        finally
        {
            if (!topology.HasExited)
            {
                Process.Start("kill", ["-TERM", topology.Id.ToString()])!.WaitForExit();
                if (!topology.WaitForExit(60_000)) topology.Kill(entireProcessTree: true);
            }
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, IEnumerable<string> output, int pollMilliseconds = 250) where T : class
    {
        for (var waited = 0; waited < 300_000; waited += pollMilliseconds)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(pollMilliseconds);
        }
        throw new TimeoutException($"Waited five minutes for {what}.\n" + string.Join('\n', output));
    }

    sealed class Factory(DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new(options);
    }
}
