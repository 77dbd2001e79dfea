using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>The project pages: creating a project, the project page with its tracks, brief, intake checks and actions.</summary>
public static class ProjectsFeature
{
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.TryAddScoped<NewProjectService>();
        services.TryAddScoped<ProjectCommands>();
        return services;
    }
}
