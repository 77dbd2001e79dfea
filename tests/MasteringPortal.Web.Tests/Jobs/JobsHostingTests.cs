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
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(root, "portal.db")}",
                ["Storage:Root"] = root,
            });
            builder.AddJobs();
            await using var app = builder.Build();

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
}
