using MasteringPortal.Core.Changes;
using StackExchange.Redis;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The change feed across processes (<c>ConnectionStrings:Redis</c>): every change is delivered at once to this
/// process's subscribers and published on one Redis channel; the other processes deliver it to their pages' per-project
/// subscribers, so a page on web process A sees a render's progress on worker W and a comment posted on web process B.
/// Relays (<see cref="SubscribeAll"/>: the review hub's) get this process's changes only: their pushes already reach
/// every process through the SignalR Redis backplane, and hearing the others' changes too would push each one twice.
/// Redis being away never loses a local delivery; StackExchange.Redis reconnects and subscribes again by itself.
/// </summary>
public sealed class RedisProjectChangeFeed : IProjectChangeFeed, IDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("masteringportal:changes");

    readonly InProcessProjectChangeFeed local;
    readonly InProcessProjectChangeFeed remote;
    readonly PortalRedis redis;
    readonly bool ownsRedis;
    readonly IDisposable fromOthers;
    readonly ILogger<RedisProjectChangeFeed> logger;

    /// <summary>A feed on its own connection (tests stand two processes up side by side this way).</summary>
    public RedisProjectChangeFeed(string connectionString, ILoggerFactory loggers)
        : this(new PortalRedis(connectionString), loggers, ownsRedis: true)
    {
    }

    public RedisProjectChangeFeed(PortalRedis redis, ILoggerFactory loggers) : this(redis, loggers, ownsRedis: false)
    {
    }

    RedisProjectChangeFeed(PortalRedis redis, ILoggerFactory loggers, bool ownsRedis)
    {
        logger = loggers.CreateLogger<RedisProjectChangeFeed>();
        local = new InProcessProjectChangeFeed(loggers.CreateLogger<InProcessProjectChangeFeed>());
        remote = new InProcessProjectChangeFeed(loggers.CreateLogger<InProcessProjectChangeFeed>());
        this.redis = redis;
        this.ownsRedis = ownsRedis;
        fromOthers = redis.Subscribe<ProjectChange>(Channel, remote.PublishAsync, logger);
    }

    /// <summary>Whether the connection to Redis is up (health).</summary>
    public bool IsConnected => redis.IsConnected;

    public async Task PublishAsync(ProjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await local.PublishAsync(change);
        try
        {
            await redis.PublishAsync(Channel, change);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "A change of project {ProjectId} could not be sent to the other processes; their pages see it on their next read", change.ProjectId);
        }
    }

    public IDisposable Subscribe(Guid projectId, Func<ProjectChange, Task> handler) =>
        new Both(local.Subscribe(projectId, handler), remote.Subscribe(projectId, handler));

    public IDisposable SubscribeAll(Func<ProjectChange, Task> handler) => local.SubscribeAll(handler);

    public void Dispose()
    {
        fromOthers.Dispose();
        if (ownsRedis) redis.Dispose(); // a shared connection is the container's to close
    }

    sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
