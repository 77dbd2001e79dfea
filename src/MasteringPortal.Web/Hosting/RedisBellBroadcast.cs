using System.Text.Json;
using MasteringPortal.Web.Features.Notifications;
using StackExchange.Redis;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The bells across processes, on one Redis channel: a message names the people to ring (user ids, nothing else: a
/// bell reads its own count through its viewer's access). A process ignores its own messages, which it rang locally.
/// </summary>
public sealed class RedisBellBroadcast(PortalRedis redis, ILogger<RedisBellBroadcast> logger) : IBellBroadcast
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("masteringportal:bells");

    readonly string origin = Guid.NewGuid().ToString("N");

    public async Task SendAsync(IReadOnlyCollection<string> userIds)
    {
        if (userIds.Count == 0) return;
        try
        {
            await redis.Subscriber.PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(origin, userIds)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Bells in the other processes could not be rung; their counts update on the next page load");
        }
    }

    public IDisposable Listen(Func<IReadOnlyCollection<string>, Task> ring)
    {
        var subscriber = redis.Subscriber;
        Action<RedisChannel, RedisValue> handler = (channel, message) => { _ = ReceiveAsync(message, ring); };
        subscriber.Subscribe(Channel, handler);
        return new Unsubscribe(() =>
        {
            try
            {
                subscriber.Unsubscribe(Channel, handler, CommandFlags.FireAndForget);
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException)
            {
                logger.LogDebug(e, "The bell channel was already closed");
            }
        });
    }

    async Task ReceiveAsync(RedisValue message, Func<IReadOnlyCollection<string>, Task> ring)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.ToString());
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "A message on the bell channel could not be read; it is skipped");
            return;
        }
        if (envelope?.Users is null || envelope.Origin == origin) return;
        await ring(envelope.Users);
    }

    sealed record Envelope(string Origin, IReadOnlyCollection<string> Users);

    sealed class Unsubscribe(Action action) : IDisposable
    {
        int done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) action();
        }
    }
}
