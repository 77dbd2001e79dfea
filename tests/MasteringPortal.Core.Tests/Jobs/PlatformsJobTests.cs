using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqlitePlatformsJobTests(SqliteTestDatabase db) : PlatformsJobTests<SqliteTestDatabase>(db);
public sealed class PostgresPlatformsJobTests(PostgresTestDatabase db) : PlatformsJobTests<PostgresTestDatabase>(db);

/// <summary>
/// The check of a Ready revision as the streaming platforms stream it, as a job of its own after the render: a failure
/// leaves the revision and its master as they were and can be checked again; a second check adds nothing; a revision
/// that is not finished is refused; the portal that makes no platform copies queues no check.
/// </summary>
public abstract class PlatformsJobTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    async Task<(Guid ProjectId, Guid TrackId)> SeedAsync()
    {
        await using var db = Db();
        return await JobHarness.SeedTrackAsync(db);
    }

    static string Settings(double targetLufs) => JobHarness.TargetSettings(targetLufs);

    /// <summary>A 4-second revision rendered and Ready; its platform check (if the portal makes one) still queued.</summary>
    async Task<(Guid ProjectId, Revision Revision)> RenderedAsync()
    {
        var (projectId, trackId) = await SeedAsync();
        await harness.AddMixAsync(trackId, JobSignals.Music(harness.WavPath("mix.wav"), 4));
        var revision = await harness.AddRevisionAsync(trackId, Settings(-14));
        await harness.Jobs().QueueRenderAsync(revision.Id);
        Assert.True(harness.Hangfire.TryTake(out var render));
        await harness.Runner().RunAsync(render.PortalJobId, CancellationToken.None);
        return (projectId, revision);
    }

    async Task<(Revision Revision, RenderReport Report, List<FileAsset> Copies, List<PortalJob> Checks)> StateAsync(Guid revisionId)
    {
        await using var db = Db();
        var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
        var copies = await db.FileAssets.AsNoTracking().Where(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.PlatformCopy).ToListAsync();
        var checks = (await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == revisionId && j.Kind == PortalJobKind.Platforms).ToListAsync())
            .OrderBy(j => j.CreatedAt).ToList();
        return (revision, RenderReport.FromJson(revision.RenderReportJson)!, copies, checks);
    }

    [SkippableFact]
    public async Task A_check_that_fails_leaves_the_revision_ready_with_its_master_and_checking_again_fills_in_the_platforms()
    {
        harness.PlatformCopies = new PlatformCopies.Options(Enabled: true);
        var (_, revision) = await RenderedAsync();
        var before = await StateAsync(revision.Id);
        Guid masterId;
        await using (var db = Db())
        {
            // The master is taken away under the retention rules before the check runs.
            var master = await db.FileAssets.SingleAsync(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master && f.BitDepth == 24);
            master.RemovedAt = DateTimeOffset.UtcNow;
            masterId = master.Id;
            await db.SaveChangesAsync();
        }
        await harness.DrainAsync();

        var failed = await StateAsync(revision.Id);
        var check = Assert.Single(failed.Checks);
        Assert.Equal(PortalJobState.Failed, check.State);
        Assert.Contains("removed under the studio's retention rules", check.FailureReason);
        // The revision is as the render left it: Ready, same report, no copies.
        Assert.Equal((RevisionStatus.Ready, before.Revision.RenderReportJson), (failed.Revision.Status, failed.Revision.RenderReportJson));
        Assert.Null(failed.Report.Platforms);
        Assert.Empty(failed.Copies);

        // The master back (a restore), the engineer checks again: the same job's retry fills the platforms in.
        await using (var db = Db())
        {
            await db.FileAssets.Where(f => f.Id == masterId).ExecuteUpdateAsync(s => s.SetProperty(f => f.RemovedAt, (DateTimeOffset?)null));
        }
        await harness.Jobs().RetryAsync(check.Id);
        await harness.DrainAsync();
        var done = await StateAsync(revision.Id);
        Assert.Equal([PortalJobState.Failed, PortalJobState.Succeeded], done.Checks.Select(j => j.State));
        Assert.Equal(["Apple Music", "Spotify", "YouTube"], done.Report.Platforms!.Select(p => p.Check.Name).Order());
        Assert.Equal(done.Report.Platforms!.Select(p => p.FileAssetId!.Value).Order(), done.Copies.Select(c => c.Id).Order());
        Assert.Equal(RevisionStatus.Ready, done.Revision.Status);
        // Everything else in the report is the render's, untouched.
        Assert.Equal((before.Report with { Platforms = null }).ToJson(), (done.Report with { Platforms = null }).ToJson());
    }

    [SkippableFact]
    public async Task The_engineer_posting_a_revision_read_before_its_check_ended_is_not_refused_and_the_checks_stay()
    {
        harness.PlatformCopies = new PlatformCopies.Options(Enabled: true);
        var (_, revision) = await RenderedAsync();
        // The engineer's page read the revision (Ready, not yet checked) and posts it just after the check has ended.
        await using var page = Db();
        var read = await page.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Null(RenderReport.FromJson(read.RenderReportJson)!.Platforms);
        await harness.DrainAsync();
        read.PostedAt = DateTimeOffset.UtcNow;
        read.EngineerNote = "Posted while the check finished.";
        await page.SaveChangesAsync(); // the old code's check renewed the revision's token, and this save was refused

        var after = await StateAsync(revision.Id);
        Assert.Equal("Posted while the check finished.", after.Revision.EngineerNote);
        Assert.Equal(3, after.Report.Platforms!.Count);
        Assert.Equal(3, after.Copies.Count);
    }

    [SkippableFact]
    public async Task Checking_a_revision_again_after_it_was_checked_adds_no_second_set_of_copies()
    {
        harness.PlatformCopies = new PlatformCopies.Options(Enabled: true);
        var (_, revision) = await RenderedAsync();
        await harness.DrainAsync();
        var first = await StateAsync(revision.Id);
        Assert.Equal(3, first.Copies.Count);

        await harness.Jobs().QueuePlatformsAsync(revision.Id);
        await harness.DrainAsync();
        var again = await StateAsync(revision.Id);
        Assert.Equal([PortalJobState.Succeeded, PortalJobState.Succeeded], again.Checks.Select(j => j.State));
        Assert.Equal(first.Copies.Select(c => c.Id).Order(), again.Copies.Select(c => c.Id).Order());
        Assert.Equal(first.Revision.RenderReportJson, again.Revision.RenderReportJson);

        // A command that rewrote the report from a copy read before the check wrote it loses the lines; checking again
        // then replaces the copies the report no longer names instead of adding a second set. (One old copy is made to
        // hold bytes of its own, as a copy from an earlier master would: those bytes go with it; the others' bytes are
        // the new copies' too, and stay.)
        var own = await harness.Store.PutAsync(new MemoryStream("an earlier master's copy"u8.ToArray()));
        await using (var db = Db())
        {
            var lost = first.Report with { Platforms = null };
            await db.Revisions.Where(r => r.Id == revision.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.RenderReportJson, lost.ToJson()));
            await db.FileAssets.Where(f => f.Id == first.Copies[0].Id).ExecuteUpdateAsync(u => u.SetProperty(f => f.StorageKey, own.Key));
        }
        await harness.Jobs().QueuePlatformsAsync(revision.Id);
        await harness.DrainAsync();
        var replaced = await StateAsync(revision.Id);
        Assert.Equal(3, replaced.Copies.Count);
        Assert.Empty(replaced.Copies.Select(c => c.Id).Intersect(first.Copies.Select(c => c.Id)));
        Assert.Equal(replaced.Report.Platforms!.Select(p => p.FileAssetId!.Value).Order(), replaced.Copies.Select(c => c.Id).Order());
        Assert.False(harness.Store.Exists(own.Key), "the replaced copy's own bytes were left in the store");
        Assert.All(replaced.Copies, c => Assert.True(harness.Store.Exists(c.StorageKey), $"{c.OriginalName} has no stored bytes"));
    }

    [SkippableFact]
    public async Task A_revision_that_is_not_finished_is_not_checked_and_a_portal_without_platform_copies_queues_no_check()
    {
        // Platform copies off (the harness's default): the render queues no check and leaves the report's platforms empty.
        var (projectId, revision) = await RenderedAsync();
        Assert.Empty((await StateAsync(revision.Id)).Checks);
        Assert.False(harness.Hangfire.TryTake(out _));

        await using var db = Db();
        var trackId = (await db.Revisions.SingleAsync(r => r.Id == revision.Id)).TrackId;
        var queued = await harness.AddRevisionAsync(trackId, Settings(-12));
        var refused = await Assert.ThrowsAsync<JobRefusedException>(() => harness.Jobs().QueuePlatformsAsync(queued.Id));
        Assert.Equal("Revision 2 is not finished yet: it is checked for the streaming services when it is.", refused.Message);
        Assert.Empty(await db.PortalJobs.Where(j => j.ProjectId == projectId && j.Kind == PortalJobKind.Platforms).ToListAsync());
    }
}
