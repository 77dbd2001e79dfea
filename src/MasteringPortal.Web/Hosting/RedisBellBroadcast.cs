using MasteringPortal.Web.Features.Notifications;
using StackExchange.Redis;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The bells across processes, on one Redis channel: a message names the people to ring (user ids, nothing else: a
/// bell reads its own count through its viewer's access). A process hears only the others' rings (PortalRedis).
/// </summary>
public sealed class RedisBellBroadcast(PortalRedis redis, ILogger<RedisBellBroadcast> logger) : IBellBroadcast
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("masteringportal:bells");

    public async Task SendAsync(IReadOnlyCollection<string> userIds)
    {
        if (userIds.Count == 0) return;
        try
        {
            await redis.PublishAsync(Channel, userIds);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Bells in the other processes could not be rung; their counts update on the next page load");
        }
    }

    public IDisposable Listen(Func<IReadOnlyCollection<string>, Task> ring) =>
        redis.Subscribe<string[]>(Channel, users => ring(users), logger);
}
