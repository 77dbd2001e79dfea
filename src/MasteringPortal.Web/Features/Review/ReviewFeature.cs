namespace MasteringPortal.Web.Features.Review;

public static class ReviewFeature
{
    /// <summary>
    /// The review page's services and its hub. With <c>ConnectionStrings:Redis</c> set (several portal processes behind
    /// one address) the hub's groups go through Redis, so a push from the process that ran a job reaches every page.
    /// </summary>
    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReviewFigureCache>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReviewPushes>();
        services.AddSingleton<ReviewMembers>();
        services.AddHostedService<ReviewRelay>();
        var signalR = services.AddSignalR();
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("masteringportal"));
        return services;
    }
}
