using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>
/// A web process with no job workers and a separate worker process (`worker`, Hosting/WorkerRole) on one PostgreSQL
/// database and one storage root: the work the web process queues is done by the worker, which serves only /health,
/// and a cancel pressed on the web process stops a render running on the worker.
/// Both hosts run in this test process, as two hosts with their own services.
/// </summary>
public sealed class SeparateWorkerTests
{
    [SkippableFact(Timeout = 600_000)]
    public async Task Jobs_queued_by_a_web_process_without_workers_run_on_the_worker_process()
    {
        await using var database = await ThrowawayDatabase.CreateAsync("mp_worker");
        var connectionString = database.ConnectionString;
        {
            using var web = new PortalFactory(seedDemo: true);
            Shared(web, connectionString);
            web.Settings["Jobs:Workers"] = "0";
            web.Settings["Jobs:AnalysisWorkers"] = "0";
            web.Settings["Jobs:WorkerName"] = "web-1";
            _ = web.Server; // migrates and seeds the demo, which queues the analyses of its files

            using var worker = new PortalFactory(seedDemo: false, web.DataDirectory);
            Shared(worker, connectionString);
            worker.Settings["Portal:Role"] = "Worker";
            worker.Settings["Jobs:WorkerName"] = "worker-1";
            _ = worker.Server;

            // The worker serves its health and nothing else.
            using (var http = worker.CreateClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/account/login")).StatusCode);
            }

            var db = web.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            List<PortalJob> analyses = [];
            for (var i = 0; i < 1200; i++)
            {
                await using var context = await db.CreateDbContextAsync();
                analyses = await context.PortalJobs.AsNoTracking().Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync();
                if (analyses.Count > 0 && analyses.All(j => j.IsFinished)) break;
                await Task.Delay(250);
            }
            Assert.NotEmpty(analyses);
            Assert.All(analyses, j => Assert.Equal((PortalJobState.Succeeded, "worker-1"), (j.State, j.Worker)));

            // A cancel pressed on the web process reaches the render running on the worker, through the job's row.
            Guid revisionId;
            await using (var context = await db.CreateDbContextAsync())
            {
                var done = await context.Revisions.Include(r => r.Track)
                    .Where(r => r.Status == RevisionStatus.Ready && r.Origin == RevisionOrigin.Rendered).OrderBy(r => r.CreatedAt).FirstAsync();
                var number = await context.Revisions.Where(r => r.TrackId == done.TrackId).MaxAsync(r => r.Number);
                var revision = new Revision
                {
                    TrackId = done.TrackId, Number = number + 1, SettingsJson = done.SettingsJson, SourceMixId = done.Track!.CurrentMixId,
                };
                context.Revisions.Add(revision);
                await context.SaveChangesAsync();
                revisionId = revision.Id;
            }
            using var scope = web.Services.CreateScope();
            var jobs = scope.ServiceProvider.GetRequiredService<IPortalJobs>();
            var jobId = await jobs.QueueRenderAsync(revisionId);
            PortalJob? row = null;
            for (var i = 0; i < 2400 && row is not { State: PortalJobState.Running }; i++)
            {
                await using var context = await db.CreateDbContextAsync();
                row = await context.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
                if (row.State != PortalJobState.Running) await Task.Delay(50);
            }
            Assert.Equal((PortalJobState.Running, "worker-1"), (row!.State, row.Worker));
            await jobs.CancelAsync(jobId);
            for (var i = 0; i < 1200 && !row!.IsFinished; i++)
            {
                await Task.Delay(100);
                await using var context = await db.CreateDbContextAsync();
                row = await context.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
            }
            Assert.Equal(PortalJobState.Cancelled, row!.State);
            await using (var context = await db.CreateDbContextAsync())
                Assert.False(await context.FileAssets.AnyAsync(f => f.RevisionId == revisionId));
        }
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task With_keys_in_the_database_a_sign_in_on_one_web_process_holds_on_another_with_its_own_folder()
    {
        await using var database = await ThrowawayDatabase.CreateAsync("mp_keys");
        var connectionString = database.ConnectionString;
        {
            // Three web processes on one database, each with a keys folder of its own (as on separate machines).
            using var first = new PortalFactory(seedDemo: true);
            using var second = new PortalFactory(seedDemo: false);
            using var folderOnly = new PortalFactory(seedDemo: false);
            foreach (var factory in new[] { first, second, folderOnly }) Shared(factory, connectionString);
            first.Settings["DataProtection:Store"] = "Database";
            second.Settings["DataProtection:Store"] = "Database";
            _ = first.Server;

            var cookies = new CookieContainer();
            using var onFirst = first.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            await Forms.SignInAsync(onFirst, DemoSeeder.EngineerEmail, DemoSeeder.Password);
            Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/engineer")).StatusCode);

            using var onSecond = second.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/engineer")).StatusCode);
            // A process keeping its keys in its own folder cannot read that cookie: the shared store is what made it hold.
            using var onFolderOnly = folderOnly.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            var refused = await onFolderOnly.GetAsync("/engineer");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/account/login", refused.Headers.Location!.ToString());
        }
    }

    static void Shared(PortalFactory factory, string connectionString)
    {
        factory.Settings["Database:Provider"] = "Postgres";
        factory.Settings["ConnectionStrings:Postgres"] = connectionString;
    }
}
