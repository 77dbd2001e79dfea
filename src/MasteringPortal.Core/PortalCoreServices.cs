using MasteringPortal.Audio.Codecs;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Core;

public static class PortalCoreServices
{
    /// <summary>
    /// Everything the domain needs in one call: database (Database:Provider, ConnectionStrings:*),
    /// file store (Storage:Root), the notification planner on every save, workflow, access rules, the project change feed,
    /// the clock, and the audio engine's ffmpeg and ffprobe (Audio:FfmpegPath, else PATH), resolved once for every caller
    /// that touches a codec, each run under Audio:FfmpegMemoryLimitMB of address space (default 2048; 0 for none).
    /// </summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddPortalDatabase(configuration, contentRoot);
        services.TryAddSingleton<NotificationPlanner>();
        services.AddPortalFileStore(configuration, contentRoot);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProjectWorkflow>(sp => new ProjectWorkflow(sp.GetRequiredService<TimeProvider>()));
        services.AddLogging();
        services.TryAddSingleton<IProjectChangeFeed, InProcessProjectChangeFeed>();
        services.TryAddSingleton(_ => AudioTools.Resolve(configuration["Audio:FfmpegPath"], ffprobePath: null)
            .WithMemoryLimit(configuration.GetValue("Audio:FfmpegMemoryLimitMB", AudioTools.DefaultMemoryLimitBytes >> 20) << 20));
        return services;
    }
}
