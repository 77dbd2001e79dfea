using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>The engineer's workspace per track: chain editor, reference match, revisions.</summary>
public static class WorkspaceFeature
{
    /// <summary>Nothing of its own to register: the workspace acts through ProjectCommands and the job queue (a match is a job).</summary>
    public static IServiceCollection AddWorkspace(this IServiceCollection services) => services;
}
