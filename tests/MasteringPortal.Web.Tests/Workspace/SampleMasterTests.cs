using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>
/// A sample master from request to commitment on the real host (jobs run in process): the client asks, the engineer renders
/// a passage and posts it, the client hears it beside the same passage of the mix (a preview encoded alike) but never gets
/// its full-resolution file, and goes ahead, which submits the project with the mix in place.
/// </summary>
public sealed class SampleMasterTests : IClassFixture<SampleMasterTests.World>
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public sealed class World : IAsyncLifetime
    {
        public PortalFactory Factory { get; } = new(seedDemo: true);
        public DemoPeople People { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            _ = Factory.Server;
            People = await DemoPeople.ReadAsync(Factory.Services);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    readonly World _world;

    public SampleMasterTests(World world) => _world = world;

    [Fact]
    public async Task A_sample_goes_from_request_to_commitment_and_its_master_stays_in_the_portal()
    {
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(_world.Factory.Services, "Sample", seconds: 36, seed: 5, status: ProjectStatus.Draft);
        var people = _world.People;
        var mixId = await MixAsync(trackId);
        var settings = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -11 } };

        // Before the request, nothing renders on a draft.
        Assert.False((await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(2, 30)))).Succeeded);
        Assert.True((await Run((c, _) => c.RequestSampleAsync(people.Ava, projectId, "The drop is what I care about."))).Succeeded);
        Assert.Equal(ActionOutcome.NotYours, await Run((c, _) => c.RequestSampleAsync(people.Ben, projectId, null)));

        // While the client decides: a whole revision is refused, a passage of the wrong length is refused, a sample renders.
        var whole = await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, j));
        Assert.Contains("sample request", whole.Message);
        Assert.Contains("30 to 60 seconds", (await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(2, 20)))).Message);
        Assert.Contains("past the end", (await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(10, 30)))).Message);
        Assert.Equal("Only the engineer can render a revision.",
            (await Run((c, j) => c.QueueRenderAsync(people.Ava, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(2, 30)))).Message);
        Assert.True((await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(3, 30)))).Succeeded);
        var sample = await ReadyAsync(trackId, 1);
        Assert.Equal((3.0, 30.0), (sample.SampleStartSeconds!.Value, sample.SampleLengthSeconds!.Value));

        await using (var db = await ContextAsync())
        {
            var files = await db.FileAssets.AsNoTracking().Where(f => f.RevisionId == sample.Id).ToListAsync();
            var master = files.Single(f => f is { Kind: FileAssetKind.Master, Format: "wav" });
            var passage = files.Single(f => f.Kind == FileAssetKind.MixExcerpt);
            var preview = files.Single(f => f.Kind == FileAssetKind.Preview);
            // The master is the passage, not the song; the mix passage beside it is as long and encoded like the preview.
            Assert.InRange(master.DurationSeconds!.Value, 29.9, 30.1);
            Assert.InRange(passage.DurationSeconds!.Value, 29.8, 30.2);
            Assert.Equal(("mp3", "mp3"), (passage.Format, preview.Format));
            // Both have their own analysis, so the review page can match their loudness; the master is louder (-11 LUFS target).
            var passageLufs = await db.Analyses.Where(a => a.FileAssetId == passage.Id).Select(a => a.IntegratedLufs).SingleAsync();
            var masterLufs = await db.Analyses.Where(a => a.FileAssetId == master.Id).Select(a => a.IntegratedLufs).SingleAsync();
            Assert.NotNull(passageLufs);
            Assert.InRange(masterLufs!.Value, -11.6, -10.4);

            // Not posted: the client cannot reach any of it, and cannot go ahead yet.
            var ava = await db.ViewerAsync(people.Ava);
            Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ava, passage.Id)).Decision);
            Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ava, preview.Id)).Decision);
        }
        Assert.Contains("not posted the sample", (await Run((c, _) => c.CommitAfterSampleAsync(people.Ava, projectId, cardPaymentsOn: false))).Message);
        Assert.Equal(ActionOutcome.NotYours, await Run((c, _) => c.PostSampleAsync(people.Ava, projectId, sample.Id, null)));
        Assert.True((await Run((c, _) => c.PostSampleAsync(people.Engineer, projectId, sample.Id, "Here is the drop."))).Succeeded);

        await using (var db = await ContextAsync())
        {
            var files = await db.FileAssets.AsNoTracking().Where(f => f.RevisionId == sample.Id).ToListAsync();
            var ava = await db.ViewerAsync(people.Ava);
            var ben = await db.ViewerAsync(people.Ben);
            foreach (var file in files)
            {
                var decision = (await FileAccessRules.DecideAsync(db, ava, file.Id)).Decision;
                // The watermarked preview and the mix passage are the client's to hear; the full-resolution master never.
                Assert.Equal(file.Kind == FileAssetKind.Master ? FileDecision.NotYet : FileDecision.Allowed, decision);
                Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ben, file.Id)).Decision);
            }
            // The client was told, in the words for a sample.
            var told = await db.Notifications.AsNoTracking().Where(n => n.UserId == people.AvaId && n.ProjectId == projectId).Select(n => n.Title).ToListAsync();
            Assert.Contains(told, t => t.StartsWith("A sample master of", StringComparison.Ordinal));
        }

        // A project-page "post" or "approve" never takes the sample for a revision.
        Assert.Equal(ActionOutcome.NotYours, await Run((c, _) => c.CommitAfterSampleAsync(people.Ben, projectId, cardPaymentsOn: false)));
        Assert.Equal("Only the client can go ahead after the sample.", (await Run((c, _) => c.CommitAfterSampleAsync(people.Engineer, projectId, cardPaymentsOn: false))).Message);
        Assert.True((await Run((c, _) => c.CommitAfterSampleAsync(people.Ava, projectId, cardPaymentsOn: false))).Succeeded);
        await using (var db = await ContextAsync())
        {
            var project = await db.Projects.AsNoTracking().Include(p => p.Tracks).SingleAsync(p => p.Id == projectId);
            Assert.Equal(ProjectStatus.Submitted, project.Status);
            Assert.NotNull(project.SampleCommittedAt);
            Assert.True(project.QuoteMinor > 0);
            Assert.Equal(mixId, project.Tracks.Single().CurrentMixId);
        }
        // Now the work is a normal project's: no more samples, revisions render.
        Assert.Contains("only while the client is deciding",
            (await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, null, j, default, new SamplePassage(3, 30)))).Message);
        Assert.True((await Run((c, j) => c.QueueRenderAsync(people.Engineer, projectId, trackId, mixId, settings, j))).Succeeded);
        Assert.Equal(ProjectStatus.InProgress, await StatusAsync(projectId));

        // Even once the project is paid, the sample's full-resolution file stays in the studio.
        await using (var db = await ContextAsync())
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, ProjectStatus.Paid));
            var master = await db.FileAssets.AsNoTracking().FirstAsync(f => f.RevisionId == sample.Id && f.Kind == FileAssetKind.Master);
            Assert.Equal(FileDecision.NotYet, (await FileAccessRules.DecideAsync(db, await db.ViewerAsync(people.Ava), master.Id)).Decision);
        }
    }

    async Task<ActionOutcome> Run(Func<ProjectCommands, IPortalJobs, Task<ActionOutcome>> command)
    {
        await using var scope = _world.Factory.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider.GetRequiredService<ProjectCommands>(), scope.ServiceProvider.GetRequiredService<IPortalJobs>());
    }

    Task<PortalDbContext> ContextAsync() =>
        _world.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task<Guid> MixAsync(Guid trackId)
    {
        await using var db = await ContextAsync();
        return (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId!.Value;
    }

    async Task<ProjectStatus> StatusAsync(Guid projectId)
    {
        await using var db = await ContextAsync();
        return await db.Projects.Where(p => p.Id == projectId).Select(p => p.Status).SingleAsync();
    }

    async Task<Revision> ReadyAsync(Guid trackId, int number)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            await using (var db = await ContextAsync())
            {
                var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.TrackId == trackId && r.Number == number);
                if (revision.Status == RevisionStatus.Ready) return revision;
                Assert.True(revision.Status != RevisionStatus.Failed, $"Revision {number} failed: {revision.FailureReason}");
                var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == revision.Id).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
                Assert.True(job?.State is not (PortalJobState.Failed or PortalJobState.Cancelled), $"Revision {number}'s render: {job?.State} {job?.FailureReason}");
            }
            await Task.Delay(200, patience.Token);
        }
    }
}
