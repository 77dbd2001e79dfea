using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>The engineer's workspace per track: chain editor, reference match, revisions.</summary>
public static class WorkspaceFeature
{
    public static IServiceCollection AddWorkspace(this IServiceCollection services)
    {
        services.TryAddScoped<ReferenceMatchService>();
        return services;
    }
}
