using System.Threading.Channels;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Forwards job updates (render progress, finished renders and analyses) from the in-process job notifications
/// to the review hub. Updates are queued and sent from a loop of their own, so the job runner never waits on a
/// browser; progress updates of one job that pile up behind a slow send are coalesced to the latest.
/// </summary>
public sealed class ReviewRelay(IJobNotifications notifications, ReviewPushes pushes, TimeProvider clock) : BackgroundService
{
    readonly Channel<(JobUpdate Update, DateTimeOffset At)> _queue = Channel.CreateUnbounded<(JobUpdate, DateTimeOffset)>(
        new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifications.SubscribeAll(update =>
        {
            _queue.Writer.TryWrite((update, clock.GetUtcNow()));
            return Task.CompletedTask;
        });
        var pending = new List<(JobUpdate Update, DateTimeOffset At)>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                pending.Clear();
                while (_queue.Reader.TryRead(out var item)) pending.Add(item);
                foreach (var (update, at) in Coalesce(pending)) await ForwardAsync(update, at);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Keeps, for each job, its progress updates only when no later update of the same job is in the batch.</summary>
    static IEnumerable<(JobUpdate Update, DateTimeOffset At)> Coalesce(List<(JobUpdate Update, DateTimeOffset At)> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var (update, _) = batch[i];
            var isProgress = update.State is PortalJobState.Queued or PortalJobState.Running;
            if (isProgress && batch.Skip(i + 1).Any(later => later.Update.JobId == update.JobId)) continue;
            yield return batch[i];
        }
    }

    Task ForwardAsync(JobUpdate update, DateTimeOffset at) => (update.Kind, update.State) switch
    {
        (PortalJobKind.Render, PortalJobState.Queued or PortalJobState.Running) => pushes.RenderProgressAsync(update),
        (PortalJobKind.Render, _) => Both(pushes.RenderProgressAsync(update), pushes.RevisionAsync(update.TargetId, at)),
        (PortalJobKind.Analysis, PortalJobState.Succeeded) => pushes.AnalysisFinishedAsync(update.TargetId),
        _ => Task.CompletedTask,
    };

    static Task Both(Task first, Task second) => Task.WhenAll(first, second);
}
