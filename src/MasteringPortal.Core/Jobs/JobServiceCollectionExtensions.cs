using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Core.Jobs;

public static class JobServiceCollectionExtensions
{
    /// <summary>
    /// The job services that do not depend on how jobs are hosted: <see cref="IPortalJobs"/>, the runner,
    /// recovery, notifications. The host adds Hangfire (an <c>IBackgroundJobClient</c> and a server).
    /// Scratch folders live under the file store's root (<c>Storage:Root</c>/jobs), on the same disk. The jobs
    /// read audio with the <see cref="Audio.Codecs.AudioTools"/> that AddPortalCore registers.
    /// </summary>
    public static IServiceCollection AddPortalJobRunner(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProjectChangeFeed, InProcessProjectChangeFeed>();
        services.TryAddSingleton<JobNotifications>();
        services.TryAddSingleton<IJobNotifications>(sp => sp.GetRequiredService<JobNotifications>());
        services.TryAddSingleton<JobCancellations>();
        services.TryAddSingleton(sp =>
        {
            var configuration = sp.GetService<IConfiguration>();
            var defaults = new JobRunnerOptions(Path.Combine(sp.GetRequiredService<LocalFileStore>().Root, "jobs"),
                JobRunnerOptions.DefaultProgressInterval);
            return defaults with
            {
                AnalysisTimeLimit = TimeSpan.FromMinutes(configuration?.GetValue("Jobs:AnalysisTimeLimitMinutes", defaults.AnalysisTimeLimit.TotalMinutes)
                                                         ?? defaults.AnalysisTimeLimit.TotalMinutes),
                RenderTimeLimit = TimeSpan.FromMinutes(configuration?.GetValue("Jobs:RenderTimeLimitMinutes", defaults.RenderTimeLimit.TotalMinutes)
                                                       ?? defaults.RenderTimeLimit.TotalMinutes),
                WorkerName = configuration?["Jobs:WorkerName"] is { Length: > 0 } name ? name : defaults.WorkerName,
                Lease = TimeSpan.FromSeconds(configuration?.GetValue("Jobs:LeaseSeconds", defaults.Lease.TotalSeconds) ?? defaults.Lease.TotalSeconds),
            };
        });
        services.TryAddSingleton(sp => new PlatformCopies.Options(
            sp.GetService<IConfiguration>()?.GetValue("Jobs:PlatformCopies", true) ?? true));
        services.TryAddScoped<PortalJobs>();
        services.TryAddScoped<IPortalJobs>(sp => sp.GetRequiredService<PortalJobs>());
        services.TryAddScoped<JobRunner>();
        services.TryAddScoped<AnalysisJob>();
        services.TryAddScoped<UploadedMasterJob>();
        services.TryAddScoped<RenderJob>();
        services.TryAddScoped<MatchJob>();
        services.TryAddScoped<AlbumJob>();
        services.TryAddScoped<PlatformsJob>();
        services.TryAddScoped<JobRecovery>();
        return services;
    }
}
