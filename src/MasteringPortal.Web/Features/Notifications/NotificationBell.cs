using System.Collections.Concurrent;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// The per-person signal behind the bell: the project change feed is per project, a bell is per person, so the
/// planner's "these people have something new" after a commit rings the open bells of exactly those people. Like the
/// change feed it carries no data: a bell reads its own count, through the viewer's own access.
/// </summary>
public sealed class NotificationBell(ILogger<NotificationBell> logger)
{
    readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new();

    sealed record ImmutableHandlers(IReadOnlyList<Func<Task>> All);

    public IDisposable Subscribe(string userId, Func<Task> handler)
    {
        handlers.AddOrUpdate(userId, _ => new([handler]), (_, h) => new([.. h.All, handler]));
        return new Subscription(() => handlers.AddOrUpdate(userId, _ => new([]), (_, h) => new(h.All.Where(x => x != handler).ToList())));
    }

    public async Task RingAsync(IEnumerable<string> userIds)
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

    sealed class Subscription(Action dispose) : IDisposable
    {
        int disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) dispose();
        }
    }
}
