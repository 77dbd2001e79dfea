using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Core.Tests.Changes;

/// <summary>The in-process change feed: per-project fan-out that survives failing, leaving and concurrent subscribers.</summary>
public sealed class ProjectChangeFeedTests
{
    static ProjectChange Update(Guid projectId, int percent = 10) => ProjectChange.OfJob(
        new(Guid.NewGuid(), projectId, PortalJobKind.Render, Guid.NewGuid(), PortalJobState.Running, percent, null), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Updates_reach_only_the_subscribers_of_their_project()
    {
        var notifications = new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var seenA = new List<ProjectChange>();
        var seenB = new List<ProjectChange>();
        using var _ = notifications.Subscribe(a, u => { seenA.Add(u); return Task.CompletedTask; });
        using var __ = notifications.Subscribe(b, u => { seenB.Add(u); return Task.CompletedTask; });

        var update = Update(a);
        await notifications.PublishAsync(update);

        Assert.Equal([update], seenA);
        Assert.Empty(seenB);
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_stop_the_others()
    {
        var notifications = new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        var project = Guid.NewGuid();
        var delivered = 0;
        using var _ = notifications.Subscribe(project, _ => throw new InvalidOperationException("a page that broke"));
        using var __ = notifications.Subscribe(project, async _ => { await Task.Yield(); throw new InvalidOperationException("late"); });
        using var ___ = notifications.Subscribe(project, _ => { Interlocked.Increment(ref delivered); return Task.CompletedTask; });

        await notifications.PublishAsync(Update(project));

        Assert.Equal(1, delivered);
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_even_when_disposed_twice()
    {
        var notifications = new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        var project = Guid.NewGuid();
        var first = 0;
        var second = 0;
        var subscription = notifications.Subscribe(project, _ => { first++; return Task.CompletedTask; });
        using var _ = notifications.Subscribe(project, _ => { second++; return Task.CompletedTask; });

        await notifications.PublishAsync(Update(project));
        subscription.Dispose();
        subscription.Dispose();
        await notifications.PublishAsync(Update(project));

        Assert.Equal((1, 2), (first, second));
    }

    [Fact]
    public async Task Subscribing_and_publishing_from_many_threads_at_once_loses_no_subscriber()
    {
        var notifications = new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        var project = Guid.NewGuid();
        var counts = new int[200];
        var subscriptions = new IDisposable[200];
        // Publishers run while subscribers come and go; every subscriber that stays gets the final update.
        var churn = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++) await notifications.PublishAsync(Update(project));
        });
        Parallel.For(0, 200, i => subscriptions[i] = notifications.Subscribe(project, _ => { Interlocked.Increment(ref counts[i]); return Task.CompletedTask; }));
        Parallel.For(0, 100, i => subscriptions[i].Dispose());
        await churn;

        var before = counts.ToArray();
        await notifications.PublishAsync(Update(project));
        for (var i = 0; i < 200; i++) Assert.Equal(before[i] + (i < 100 ? 0 : 1), counts[i]);
        foreach (var s in subscriptions) s.Dispose();
    }
}
