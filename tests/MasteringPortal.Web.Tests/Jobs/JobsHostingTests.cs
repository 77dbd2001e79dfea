using Hangfire;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>How a host wires Hangfire: its jobs run in its own services, never in another host's of the same process.</summary>
public sealed class JobsHostingTests
{
    [Fact]
    public async Task A_hosts_jobs_are_activated_from_its_own_services_whatever_Hangfires_process_wide_activator_says()
    {
        var before = JobActivator.Current;
        var root = Directory.CreateTempSubdirectory("mp-jobs-hosting-").FullName;
        try
        {
            await using var app = JobsHost(root);

            // Hangfire's set-up points the process-wide activator at this host; then another host in the same
            // process starts and points it at its own (as the test suite's hosts do, in parallel).
            app.Services.GetRequiredService<IGlobalConfiguration>();
            var otherHosts = new JobActivator();
            JobActivator.Current = otherHosts;

            var activator = app.Services.GetRequiredService<JobActivator>();
            Assert.NotSame(otherHosts, activator);
#pragma warning disable CS0618 // the context-free scope is enough to resolve a service
            using var scope = activator.BeginScope();
#pragma warning restore CS0618
            Assert.Same(app.Services.GetRequiredService<IJobNotifications>(), scope.Resolve(typeof(IJobNotifications)));
        }
        finally
        {
            JobActivator.Current = before;
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Renders_and_analyses_have_workers_of_their_own_so_a_queue_of_uploads_cannot_hold_back_a_render()
    {
        var root = Directory.CreateTempSubdirectory("mp-jobs-servers-").FullName;
        try
        {
            await using var app = JobsHost(root, ("Jobs:Workers", "2"), ("Jobs:AnalysisWorkers", "3"));
            await app.StartAsync();
            try
            {
                var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
                var servers = monitoring.Servers();
                for (var i = 0; servers.Count < 2 && i < 100; i++)
                {
                    await Task.Delay(100); // the servers announce themselves as they start
                    servers = monitoring.Servers();
                }
                var queues = servers.Select(s => (string.Join(",", s.Queues), s.WorkersCount)).OrderBy(q => q.Item1).ToList();
                Assert.Equal([("analysis,default", 3), (PortalJobs.RenderQueue, 2)], queues);
            }
            finally
            {
                await app.StopAsync();
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A host with only the Jobs feature, on SQLite and storage under <paramref name="root"/>.</summary>
    static WebApplication JobsHost(string root, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var configuration = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(root, "portal.db")}",
            ["Storage:Root"] = root,
        };
        foreach (var (key, value) in settings) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddJobs();
        return builder.Build();
    }
}
