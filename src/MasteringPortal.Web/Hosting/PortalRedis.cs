using StackExchange.Redis;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// This process's one connection to Redis (<c>ConnectionStrings:Redis</c>), shared by the change feed and the bells.
/// It starts without Redis and connects when Redis is there; StackExchange.Redis reconnects and subscribes again by
/// itself after Redis restarts. (The SignalR backplane keeps its own connection: the library makes it.)
/// </summary>
public sealed class PortalRedis : IDisposable
{
    readonly ConnectionMultiplexer connection;

    public PortalRedis(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // start without Redis and connect when it is there
        connection = ConnectionMultiplexer.Connect(options);
    }

    /// <summary>Whether the connection is up (health, and the tests' wait for it).</summary>
    public bool IsConnected => connection.IsConnected;

    public ISubscriber Subscriber => connection.GetSubscriber();

    public void Dispose() => connection.Dispose();
}
