using System.Threading.Channels;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// The one bridge from the project change feed to the review hub: every change (a decision, a posted revision, a
/// comment, a payment, render progress, a finished render or analysis) is forwarded to each audience as what it may
/// see. Changes are queued and sent from a loop of their own, so whoever published never waits on a browser;
/// progress updates of one job that pile up behind a slow send are coalesced to the latest.
/// </summary>
public sealed class ReviewRelay(IProjectChangeFeed changes, ReviewPushes pushes, ReviewMembers members, ILogger<ReviewRelay> logger) : BackgroundService
{
    readonly Channel<ProjectChange> _queue = Channel.CreateUnbounded<ProjectChange>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = changes.SubscribeAll(change =>
        {
            _queue.Writer.TryWrite(change);
            return Task.CompletedTask;
        });
        var pending = new List<ProjectChange>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                pending.Clear();
                while (_queue.Reader.TryRead(out var item)) pending.Add(item);
                foreach (var change in Coalesce(pending))
                {
                    if (await RecheckAsync(change.ProjectId)) await ForwardAsync(change);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Keeps, for each job, its progress updates only when no later update of the same job is in the batch.</summary>
    static IEnumerable<ProjectChange> Coalesce(List<ProjectChange> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Job is { State: PortalJobState.Queued or PortalJobState.Running } update
                && batch.Skip(i + 1).Any(later => later.Job?.JobId == update.JobId)) continue;
            yield return batch[i];
        }
    }

    Task ForwardAsync(ProjectChange change) => (change.Kind, change.Job) switch
    {
        (ProjectChangeKind.Job, { Kind: PortalJobKind.Render, State: PortalJobState.Queued or PortalJobState.Running } update) =>
            pushes.RenderProgressAsync(update),
        (ProjectChangeKind.Job, { Kind: PortalJobKind.Render } update) =>
            Both(pushes.RenderProgressAsync(update), pushes.RevisionAsync(update.TargetId, change.At)),
        // The platform copies of a revision are in: "as played on …" and the codec sentences appear on open pages.
        (ProjectChangeKind.Job, { Kind: PortalJobKind.Platforms, State: PortalJobState.Succeeded } update) =>
            pushes.RevisionAsync(update.TargetId),
        (ProjectChangeKind.Job, { Kind: PortalJobKind.Analysis, State: PortalJobState.Succeeded } update) =>
            pushes.AnalysisFinishedAsync(update.TargetId),
        (ProjectChangeKind.Project, _) => pushes.ProjectAsync(change.ProjectId),
        (ProjectChangeKind.Revision, _) when change.SubjectId is { } revisionId => pushes.RevisionAsync(revisionId),
        (ProjectChangeKind.Comment, _) when change.SubjectId is { } commentId => pushes.CommentAsync(commentId),
        // A payment changes what a client hears (the master instead of the preview) on every posted revision.
        (ProjectChangeKind.Payment, _) => pushes.ProjectAndPostedRevisionsAsync(change.ProjectId),
        _ => Task.CompletedTask,
    };

    /// <summary>Access may have changed since a page joined: nobody who may no longer see the project is sent this change.</summary>
    async Task<bool> RecheckAsync(Guid projectId)
    {
        try
        {
            await members.RecheckAsync(projectId);
            return true;
        }
        catch (Exception e)
        {
            // Sending to a group whose members could not be checked could reach someone removed: this change is not
            // pushed (the pages catch up when they reload or reconnect).
            logger.LogWarning(e, "Checking who follows project {ProjectId} failed; its change is not pushed", projectId);
            return false;
        }
    }

    static Task Both(Task first, Task second) => Task.WhenAll(first, second);
}
