namespace MasteringPortal.Web.Features.Team;

/// <summary>The studio's team: the owner invites engineers and assistants and removes members (<c>/studio/team</c>).</summary>
public static class TeamFeature
{
    public static IServiceCollection AddTeam(this IServiceCollection services)
    {
        services.AddScoped<TeamService>();
        return services;
    }
}
