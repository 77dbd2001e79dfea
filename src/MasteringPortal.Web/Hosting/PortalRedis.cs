using System.Text.Json;
using StackExchange.Redis;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// This process's one connection to Redis (<c>ConnectionStrings:Redis</c>), shared by the change feed and the bells.
/// It starts without Redis and connects when Redis is there; StackExchange.Redis reconnects and subscribes again by
/// itself after Redis restarts. (The SignalR backplane keeps its own connection: the library makes it.)
/// Messages travel as JSON marked with this connection's origin, and a subscriber hears only the other processes'
/// messages: what a process publishes it has already delivered to itself.
/// </summary>
public sealed class PortalRedis : IDisposable
{
    readonly ConnectionMultiplexer connection;
    readonly string origin = Guid.NewGuid().ToString("N");

    public PortalRedis(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // start without Redis and connect when it is there
        connection = ConnectionMultiplexer.Connect(options);
    }

    /// <summary>Whether the connection is up (health, and the tests' wait for it).</summary>
    public bool IsConnected => connection.IsConnected;

    /// <summary>Publishes to the other processes; throws <see cref="RedisException"/> or <see cref="TimeoutException"/> when Redis is away.</summary>
    public Task PublishAsync<T>(RedisChannel channel, T message) =>
        connection.GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(new Envelope<T>(origin, message)));

    /// <summary>Calls <paramref name="fromOthers"/> with each message another process publishes on the channel, until disposed.</summary>
    public IDisposable Subscribe<T>(RedisChannel channel, Func<T, Task> fromOthers, ILogger logger) where T : class
    {
        var subscriber = connection.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (from, message) => { _ = ReceiveAsync(message, fromOthers, channel, logger); };
        subscriber.Subscribe(channel, handler);
        return new Unsubscribe(() =>
        {
            try
            {
                subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException)
            {
                logger.LogDebug(e, "The channel {Channel} was already closed", channel.ToString());
            }
        });
    }

    async Task ReceiveAsync<T>(RedisValue message, Func<T, Task> fromOthers, RedisChannel channel, ILogger logger) where T : class
    {
        Envelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope<T>>(message.ToString());
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "A message on the channel {Channel} could not be read; it is skipped", channel.ToString());
            return;
        }
        if (envelope?.Message is null || envelope.Origin == origin) return;
        await fromOthers(envelope.Message);
    }

    public void Dispose() => connection.Dispose();

    sealed record Envelope<T>(string Origin, T Message);

    sealed class Unsubscribe(Action action) : IDisposable
    {
        int done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) action();
        }
    }
}
