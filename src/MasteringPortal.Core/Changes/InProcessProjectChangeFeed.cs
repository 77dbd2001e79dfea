using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Changes;

/// <summary>
/// The change feed inside one process (a singleton): per-project fan-out of <see cref="ProjectChange"/>s. Subscribing and
/// publishing may happen on any thread; each publish works on a snapshot of the subscribers, so a handler
/// that unsubscribes (a page being disposed) never disturbs the delivery to the others, and a handler that
/// throws is logged and skipped.
/// </summary>
public sealed class InProcessProjectChangeFeed(ILogger<InProcessProjectChangeFeed> logger) : IProjectChangeFeed
{
    readonly Lock gate = new();
    readonly Dictionary<Guid, List<Subscription>> byProject = [];

    /// <summary>The key under which subscribers to every project are kept (no project has the empty id).</summary>
    static readonly Guid AllProjects = Guid.Empty;

    public IDisposable SubscribeAll(Func<ProjectChange, Task> handler) => Add(AllProjects, handler);

    public IDisposable Subscribe(Guid projectId, Func<ProjectChange, Task> handler)
    {
        if (projectId == AllProjects) throw new ArgumentException("A project id cannot be empty.", nameof(projectId));
        return Add(projectId, handler);
    }

    Subscription Add(Guid projectId, Func<ProjectChange, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, projectId, handler);
        lock (gate)
        {
            if (!byProject.TryGetValue(projectId, out var list)) byProject[projectId] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    public async Task PublishAsync(ProjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Subscription[] targets;
        lock (gate)
        {
            byProject.TryGetValue(change.ProjectId, out var list);
            byProject.TryGetValue(AllProjects, out var all);
            if (list is null && all is null) return;
            targets = [.. list ?? [], .. all ?? []];
        }
        await Task.WhenAll(targets.Select(s => DeliverAsync(s, change)));
    }

    async Task DeliverAsync(Subscription subscription, ProjectChange change)
    {
        try
        {
            await subscription.Handler(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A subscriber to project {ProjectId} failed on a change of kind {Kind}", change.ProjectId, change.Kind);
        }
    }

    void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (!byProject.TryGetValue(subscription.ProjectId, out var list)) return;
            list.Remove(subscription);
            if (list.Count == 0) byProject.Remove(subscription.ProjectId);
        }
    }

    sealed class Subscription(InProcessProjectChangeFeed owner, Guid projectId, Func<ProjectChange, Task> handler) : IDisposable
    {
        int disposed;
        public Guid ProjectId { get; } = projectId;
        public Func<ProjectChange, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Remove(this);
        }
    }
}
