using System.Collections.Concurrent;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// The per-person signal behind the bell: the project change feed is per project, a bell is per person, so the
/// planner's "these people have something new" after a commit rings the open bells of exactly those people. Like the
/// change feed it carries no data: a bell reads its own count, through the viewer's own access. With several processes
/// (<see cref="IBellBroadcast"/>) a ring also reaches the bells open on the others.
/// </summary>
public sealed class NotificationBell : IDisposable
{
    readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new();
    readonly ILogger<NotificationBell> logger;
    readonly IBellBroadcast? broadcast;
    readonly IDisposable? listening;

    public NotificationBell(ILogger<NotificationBell> logger, IBellBroadcast? broadcast = null)
    {
        this.logger = logger;
        this.broadcast = broadcast;
        listening = broadcast?.Listen(RingHereAsync);
    }

    sealed record ImmutableHandlers(IReadOnlyList<Func<Task>> All);

    public IDisposable Subscribe(string userId, Func<Task> handler)
    {
        handlers.AddOrUpdate(userId, _ => new([handler]), (_, h) => new([.. h.All, handler]));
        return new Subscription(() => handlers.AddOrUpdate(userId, _ => new([]), (_, h) => new(h.All.Where(x => x != handler).ToList())));
    }

    /// <summary>Rings these people's bells here and, through the broadcast, in every other process.</summary>
    public async Task RingAsync(IEnumerable<string> userIds)
    {
        var users = userIds.Distinct().ToList();
        await RingHereAsync(users);
        if (broadcast is not null) await broadcast.SendAsync(users);
    }

    async Task RingHereAsync(IReadOnlyCollection<string> userIds)
    {
        foreach (var user in userIds)
        {
            if (!handlers.TryGetValue(user, out var h)) continue;
            foreach (var handler in h.All)
            {
                try
                {
                    await handler();
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A bell of user {UserId} failed to update", user);
                }
            }
        }
    }

    public void Dispose() => listening?.Dispose();

    sealed class Subscription(Action dispose) : IDisposable
    {
        int disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) dispose();
        }
    }
}
