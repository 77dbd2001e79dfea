using MasteringPortal.Core.Changes;

namespace MasteringPortal.Core.Jobs;

/// <summary>Publishes job updates on the project change feed, as changes of kind <see cref="ProjectChangeKind.Job"/>.</summary>
public sealed class JobNotifications(IProjectChangeFeed feed, TimeProvider clock) : IJobNotifications
{
    public Task PublishAsync(JobUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return feed.PublishAsync(ProjectChange.OfJob(update, clock.GetUtcNow()));
    }
}
