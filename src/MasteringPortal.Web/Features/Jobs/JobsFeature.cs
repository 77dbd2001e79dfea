using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// Durable jobs on Hangfire: in-memory storage by default, PostgreSQL storage (its own
/// "hangfire" schema in the portal's database) when <c>Database:Provider</c> is Postgres. Workers come from
/// <c>Jobs:Workers</c> (default 1: a render keeps a small machine's cores busy). The dashboard is at
/// <c>/jobs</c>, for engineers only. See docs/JOBS.md.
/// </summary>
public static class JobsFeature
{
    public const string DashboardPath = "/jobs";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddPortalJobRunner();

        // This host's own storage and job activator, registered before AddHangfire (which only adds them when none
        // is there, taking Hangfire's process-wide JobStorage.Current and JobActivator.Current), so that several
        // hosts in one process (the test suite) never share them. A shared activator ran one host's jobs in another
        // host's services, against the other's database where they have no row, so their own rows stayed Queued
        // for ever (seen in CI). Likewise its own log provider, set before the storage is made (see HostLogProvider).
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<ILogProvider>(sp => new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()));
        var provider = PortalDatabase.ProviderFrom(configuration);
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = PortalDatabase.ConnectionStringFrom(configuration, provider, builder.Environment.ContentRootPath);
            // A job enqueued in one process wakes the workers in the others at once (LISTEN/NOTIFY) instead of waiting
            // for their next poll (15 s by default: measured as the whole queue wait of an idle topology, bench/scaled).
            var storageOptions = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire", PrepareSchemaIfNecessary = true, EnableLongPolling = true, QueuePollInterval = TimeSpan.FromSeconds(5),
            };
            services.AddSingleton<JobStorage>(sp =>
            {
                UseHostLogging(sp);
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
            });
        }
        else
        {
            services.AddSingleton<JobStorage>(sp =>
            {
                UseHostLogging(sp);
                return new InMemoryStorage();
            });
        }
        // Hangfire points its process-wide log provider at a plain provider of this host's logger factory whenever the
        // configuration is resolved (the recurring-job manager resolves it at start-up); put this host's disposal-safe
        // provider back at once, or a host started later logs into a stopped host's disposed factory and fails.
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(sp.GetRequiredService<ILogProvider>()));

        // Recovery first: hosted services start in order, so interrupted rows are queued again before a worker
        // can fetch anything (a worker must never find a row that recovery is about to reset).
        services.AddHostedService<JobRecoveryService>();
        // Two servers, so a client's uploads can never starve the engineer's renders (one server fetching both queues
        // served every queued analysis first): renders on Jobs:Workers, analyses and small work on Jobs:AnalysisWorkers.
        // A web process of a scaled install sets both to 0 and leaves renders and analyses to worker processes
        // (`worker`, PortalRoles); it still runs the small work of the "default" queue (emails, reminders, backups).
        var shutdown = TimeSpan.FromSeconds(configuration.GetValue("Jobs:ShutdownTimeoutSeconds", 10));
        var renderWorkers = Math.Max(0, configuration.GetValue("Jobs:Workers", 1));
        var analysisWorkers = Math.Max(0, configuration.GetValue("Jobs:AnalysisWorkers", 1));
        if (renderWorkers > 0)
        {
            services.AddHangfireServer(options =>
            {
                options.ServerName = $"{Environment.MachineName}:render:{Guid.NewGuid():N}";
                options.WorkerCount = renderWorkers;
                options.Queues = [PortalJobs.RenderQueue];
                // A running render stops at once on its cancellation token; do not hold the shutdown longer than that needs.
                options.ShutdownTimeout = shutdown;
            });
        }
        services.AddHangfireServer(options =>
        {
            options.ServerName = $"{Environment.MachineName}:{(analysisWorkers > 0 ? "analysis" : "default")}:{Guid.NewGuid():N}";
            options.WorkerCount = Math.Max(1, analysisWorkers);
            options.Queues = analysisWorkers > 0 ? [PortalJobs.AnalysisQueue, "default"] : ["default"];
            options.ShutdownTimeout = shutdown;
        });
        // Jobs whose worker died are taken over by any process that runs job workers.
        if (renderWorkers + analysisWorkers > 0) services.AddHostedService<JobLeaseSweep>();
        return builder;
    }

    static void UseHostLogging(IServiceProvider services) =>
        GlobalConfiguration.Configuration.UseLogProvider(services.GetRequiredService<ILogProvider>());

    /// <summary>The Hangfire dashboard at <c>/jobs</c>: engineers only; everyone else gets 401 or 403.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            AsyncAuthorization = [new OwnerDashboardAuthorization()],
            AppPath = "/engineer",
            DashboardTitle = "MasteringPortal jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
