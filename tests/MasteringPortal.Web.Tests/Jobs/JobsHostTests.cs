using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>Jobs queued through the real host run on its Hangfire server (in-memory storage) to the end, and the host stops cleanly.</summary>
public sealed class JobsHostTests
{
    /// <summary>Only a guard against a hang, far above any real run; nothing here measures time.</summary>
    /// <remarks>The demo seed queues the analysis of every demo file first, and one worker runs them in turn.</remarks>
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_render_queued_through_the_host_runs_to_completion_with_its_masters_analysis_and_preview()
    {
        using var factory = new PortalFactory(seedDemo: true);
        _ = factory.Server;
        var (projectId, revisionId) = await NewRevisionAsync(factory);

        var finished = Watch(factory, projectId);
        Guid jobId;
        await using (var scope = factory.Services.CreateAsyncScope())
            jobId = await scope.ServiceProvider.GetRequiredService<IPortalJobs>().QueueRenderAsync(revisionId);
        Assert.Equal(PortalJobState.Succeeded, await finished(jobId));

        await using var check = await NewContextAsync(factory);
        var revision = await check.Revisions.SingleAsync(r => r.Id == revisionId);
        Assert.Equal((RevisionStatus.Ready, 100), (revision.Status, revision.ProgressPercent));
        Assert.NotNull(RenderReport.FromJson(revision.RenderReportJson));
        // One file per deliverable of the brief (the demo track asks for more than the 24-bit master), each once.
        var files = await check.FileAssets.Where(f => f.RevisionId == revisionId).ToListAsync();
        var masters = files.Where(f => f.Kind == FileAssetKind.Master).ToList();
        Assert.Single(files, f => f.Kind == FileAssetKind.Preview);
        // Besides them only the preview: the test portal makes no platform copies, so the render queues no check for them.
        Assert.Equal(files.Count, masters.Count + 1);
        Assert.All(files, f => Assert.True(f.Kind is FileAssetKind.Master or FileAssetKind.Preview));
        Assert.Null(RenderReport.FromJson(revision.RenderReportJson)!.Platforms);
        Assert.False(await check.PortalJobs.AnyAsync(j => j.TargetId == revisionId && j.Kind == PortalJobKind.Platforms));
        Assert.Equal(masters.Count, RenderReport.FromJson(revision.RenderReportJson)!.Files.Count);
        Assert.Equal(masters.Count, masters.Select(m => (m.Format, m.BitDepth)).Distinct().Count());
        var master = Assert.Single(masters, m => m is { Format: "wav", BitDepth: 24 });

        // The master's intake analysis was saved with the revision, not queued as a job of its own.
        Assert.Single(await check.Analyses.Where(a => a.FileAssetId == master.Id).ToListAsync());
        Assert.False(await check.PortalJobs.AnyAsync(j => j.TargetId == master.Id));
    }

    [Fact(Timeout = 900_000)]
    public async Task The_host_stops_while_a_render_runs_and_leaves_the_job_for_start_up_recovery()
    {
        var factory = new PortalFactory(seedDemo: true);
        try
        {
            _ = factory.Server;
            var (projectId, revisionId) = await NewRevisionAsync(factory);
            var running = Watch(factory, projectId, PortalJobState.Running);
            Guid jobId;
            await using (var scope = factory.Services.CreateAsyncScope())
                jobId = await scope.ServiceProvider.GetRequiredService<IPortalJobs>().QueueRenderAsync(revisionId);
            await running(jobId);

            // Stopping the host ends the app (its services are disposed), as a restart of the portal would.
            await factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHost>().StopAsync();

            await using var check = new PortalDbContext(PortalDatabase.Options(DatabaseProvider.Sqlite,
                $"Data Source={Path.Combine(factory.DataDirectory, "portal.db")};Pooling=false"));
            var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
            // Either the render beat the stop, or it was interrupted and waits (Running) for the next start-up; never failed.
            Assert.True(job.State is PortalJobState.Succeeded or PortalJobState.Running, $"{job.State}: {job.FailureReason}");
            var masters = await check.FileAssets.CountAsync(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.Master);
            var report = RenderReport.FromJson((await check.Revisions.SingleAsync(r => r.Id == revisionId)).RenderReportJson);
            Assert.Equal(job.State == PortalJobState.Succeeded ? report!.Files.Count : 0, masters);
        }
        finally
        {
            factory.Dispose();
        }
    }

    /// <summary>A new revision (Queued, default chain) on the first demo track that has a mix, as the workspace page saves it.</summary>
    static async Task<(Guid ProjectId, Guid RevisionId)> NewRevisionAsync(PortalFactory factory)
    {
        await using var db = await NewContextAsync(factory);
        var track = await db.Tracks.Where(t => t.CurrentMixId != null).OrderBy(t => t.Id).FirstAsync();
        var number = await db.Revisions.Where(r => r.TrackId == track.Id).MaxAsync(r => (int?)r.Number) ?? 0;
        var revision = new Revision { TrackId = track.Id, Number = number + 1, SettingsJson = new RenderSettings().ToJson(), Status = RevisionStatus.Queued };
        db.Revisions.Add(revision);
        await db.SaveChangesAsync();
        return (track.ProjectId, revision.Id);
    }

    static async Task<PortalDbContext> NewContextAsync(PortalFactory factory) =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>
    /// Subscribes before the job is queued, so no update is missed; the function awaits the job's first update in
    /// one of <paramref name="states"/> (by default a final state) and returns that state.
    /// </summary>
    static Func<Guid, Task<PortalJobState>> Watch(PortalFactory factory, Guid projectId, params PortalJobState[] states)
    {
        if (states.Length == 0) states = [PortalJobState.Succeeded, PortalJobState.Failed, PortalJobState.Cancelled];
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource<PortalJobState>>();
        TaskCompletionSource<PortalJobState> For(Guid id) => seen.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        factory.Services.GetRequiredService<MasteringPortal.Core.Changes.IProjectChangeFeed>().Subscribe(projectId, change =>
        {
            if (change.Job is { } u && states.Contains(u.State)) For(u.JobId).TrySetResult(u.State);
            return Task.CompletedTask;
        });
        return async id =>
        {
            try
            {
                return await For(id).Task.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                // Say where the host's jobs stood, so that a hang in CI can be told apart from a slow queue.
                await using var db = await NewContextAsync(factory);
                var rows = (await db.PortalJobs.ToListAsync()).OrderBy(j => j.CreatedAt);
                throw new TimeoutException($"Job {id} reached none of {string.Join(", ", states)} in {Patience}. The host's jobs: " +
                    string.Join("; ", rows.Select(j => $"{j.Kind} {j.Id}: {j.State} {j.ProgressPercent} %{(j.FailureReason is null ? "" : " (" + j.FailureReason + ")")}")));
            }
        };
    }
}
