using System.Collections.Concurrent;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Notifications;
using MasteringPortal.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// The change feed across processes: two feeds on one Redis stand for two processes. A page subscribed on one hears a
/// change published on the other, once, with its job progress; the relay hears only its own process's changes (the
/// SignalR backplane spreads its pushes); after Redis restarts, changes flow again. Bells ring across processes too.
/// </summary>
public sealed class RedisChangeFeedTests
{
    static async Task<RedisServer> StartedRedisAsync()
    {
        var redis = RedisServer.Find();
        Skip.If(redis is null, RedisServer.SkipReason);
        await redis.StartAsync();
        return redis;
    }

    static RedisProjectChangeFeed Feed(RedisServer redis) => new(redis.ConnectionString, NullLoggerFactory.Instance);

    static async Task<T> WithinAsync<T>(Func<T?> read) where T : class
    {
        for (var i = 0; i < 400; i++)
        {
            if (read() is { } value) return value;
            await Task.Delay(25);
        }
        throw new TimeoutException("Nothing arrived.");
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task A_change_published_in_one_process_reaches_a_page_in_another_once_and_not_its_relay()
    {
        using var redis = await StartedRedisAsync();
        using var worker = Feed(redis);
        using var web = Feed(redis);
        var project = Guid.NewGuid();
        var onPage = new ConcurrentQueue<ProjectChange>();
        var onWorkerPage = new ConcurrentQueue<ProjectChange>();
        var onWebRelay = new ConcurrentQueue<ProjectChange>();
        using var page = web.Subscribe(project, c => { onPage.Enqueue(c); return Task.CompletedTask; });
        using var workerPage = worker.Subscribe(project, c => { onWorkerPage.Enqueue(c); return Task.CompletedTask; });
        await WaitConnectedAsync(worker, web);
        using var relay = web.SubscribeAll(c => { onWebRelay.Enqueue(c); return Task.CompletedTask; });

        var update = new JobUpdate(Guid.NewGuid(), project, PortalJobKind.Render, Guid.NewGuid(), PortalJobState.Running, 42, null);
        await worker.PublishAsync(ProjectChange.OfJob(update, DateTimeOffset.UtcNow));

        var heard = await WithinAsync(() => onPage.TryPeek(out var c) ? c : null);
        Assert.Equal((project, ProjectChangeKind.Job, update), (heard.ProjectId, heard.Kind, heard.Job));
        // A marker published afterwards on the same channel arrives after it: anything doubled would be there by then.
        var marker = new ProjectChange(project, ProjectChangeKind.Comment, Guid.NewGuid(), DateTimeOffset.UtcNow);
        await worker.PublishAsync(marker);
        await WithinAsync(() => onPage.Any(c => c.SubjectId == marker.SubjectId) ? "" : null);
        Assert.Equal(2, onPage.Count);
        Assert.Equal(2, onWorkerPage.Count); // the publishing process's own page: delivered locally, not again from Redis
        Assert.Empty(onWebRelay);

        // The web process's own change reaches its relay.
        await web.PublishAsync(new ProjectChange(project, ProjectChangeKind.Project, null, DateTimeOffset.UtcNow));
        Assert.Single(onWebRelay);
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task After_Redis_restarts_changes_reach_the_other_process_again()
    {
        using var redis = await StartedRedisAsync();
        using var worker = Feed(redis);
        using var web = Feed(redis);
        var project = Guid.NewGuid();
        var onPage = new ConcurrentQueue<ProjectChange>();
        using var page = web.Subscribe(project, c => { onPage.Enqueue(c); return Task.CompletedTask; });
        await WaitConnectedAsync(worker, web);

        var health = new RedisHealthCheck(web);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        redis.Stop();
        for (var i = 0; i < 400 && web.IsConnected; i++) await Task.Delay(25);
        // Without Redis a process still works; its readiness says live updates between processes are paused.
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        // While Redis is away the publishing process still delivers to its own pages and does not fail.
        var lost = new ProjectChange(project, ProjectChangeKind.Project, Guid.NewGuid(), DateTimeOffset.UtcNow);
        await worker.PublishAsync(lost);
        await redis.StartAsync();

        // Published until one arrives: the reconnection and the new subscription take a moment.
        ProjectChange? arrived = null;
        for (var i = 0; i < 200 && arrived is null; i++)
        {
            var change = new ProjectChange(project, ProjectChangeKind.Comment, Guid.NewGuid(), DateTimeOffset.UtcNow);
            await worker.PublishAsync(change);
            await Task.Delay(100);
            arrived = onPage.FirstOrDefault(c => c.Kind == ProjectChangeKind.Comment);
        }
        Assert.NotNull(arrived);
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task A_bell_rung_in_one_process_rings_that_persons_bells_in_another_once()
    {
        using var redis = await StartedRedisAsync();
        using var workerRedis = new PortalRedis(redis.ConnectionString);
        using var webRedis = new PortalRedis(redis.ConnectionString);
        using var workerBell = new NotificationBell(NullLogger<NotificationBell>.Instance,
            new RedisBellBroadcast(workerRedis, NullLogger<RedisBellBroadcast>.Instance));
        using var webBell = new NotificationBell(NullLogger<NotificationBell>.Instance,
            new RedisBellBroadcast(webRedis, NullLogger<RedisBellBroadcast>.Instance));
        var rung = new ConcurrentQueue<string>();
        using var avaOnWeb = webBell.Subscribe("ava", () => { rung.Enqueue("ava@web"); return Task.CompletedTask; });
        using var benOnWeb = webBell.Subscribe("ben", () => { rung.Enqueue("ben@web"); return Task.CompletedTask; });
        using var avaOnWorker = workerBell.Subscribe("ava", () => { rung.Enqueue("ava@worker"); return Task.CompletedTask; });

        // Rung until the web process hears it (the subscriptions reach Redis a moment after the connection).
        for (var i = 0; i < 200 && !rung.Contains("ava@web"); i++)
        {
            await workerBell.RingAsync(["ava"]);
            await Task.Delay(50);
        }
        Assert.Contains("ava@web", rung);
        rung.Clear();

        // Now once: ava's bell on the web process rings once, ben's not at all, and the worker's own bell once (locally).
        await workerBell.RingAsync(["ava", "ava"]);
        await workerBell.RingAsync(["ben"]); // a later message on the same channel: once it is heard, ava's has been too
        for (var i = 0; i < 200 && !rung.Contains("ben@web"); i++) await Task.Delay(25);
        Assert.Equal(["ava@web", "ava@worker", "ben@web"], rung.Order());
    }

    /// <summary>Until each feed hears the other (both connected and subscribed): probes on a project of their own.</summary>
    static async Task WaitConnectedAsync(RedisProjectChangeFeed a, RedisProjectChangeFeed b)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var probe = Guid.NewGuid();
            var heard = 0;
            using var listening = to.Subscribe(probe, _ => { Interlocked.Increment(ref heard); return Task.CompletedTask; });
            for (var i = 0; i < 400 && Volatile.Read(ref heard) == 0; i++)
            {
                await from.PublishAsync(new ProjectChange(probe, ProjectChangeKind.Project, null, DateTimeOffset.UtcNow));
                await Task.Delay(25);
            }
            Assert.True(Volatile.Read(ref heard) > 0, "The two processes never heard each other through Redis.");
        }
    }
}
