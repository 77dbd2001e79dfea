using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Samples;

/// <summary>
/// Sample masters before commitment: the project page's panel, the workspace's passage picker, the dashboard's list of
/// requests. The changes go through Projects/ProjectCommands (Samples part) and Workflow/ProjectWorkflow (Samples part);
/// the render job cuts the passage (Core/Jobs/SampleExcerpt).
/// </summary>
public static class SamplesFeature
{
    public static IServiceCollection AddSamples(this IServiceCollection services)
    {
        services.TryAddScoped<SampleRequests>();
        return services;
    }
}
