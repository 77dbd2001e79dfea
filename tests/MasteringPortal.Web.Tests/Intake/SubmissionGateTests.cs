using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>
/// A project goes to the engineer only with checked mixes: a problem (a peak at 0 dBFS, clipping) blocks
/// submission until the client uploads a new mix or confirms going ahead, and the engineer sees that choice.
/// </summary>
public sealed class SubmissionGateTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    async Task<ProjectSession> OpenAsync(Guid projectId) =>
        (await ProjectSession.OpenAsync(portal.Db, portal.Ava, projectId))!;

    [Fact]
    public async Task A_mix_whose_checks_have_not_run_cannot_be_submitted_yet()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, analysis: null, analysisJob: PortalJobState.Running);
        await using var session = await OpenAsync(id);
        Assert.Contains("still running", session.SubmissionBlocker());
        var outcome = await session.RunAsync(TestCommands.For(portal.Db), ProjectAction.Submit);
        Assert.False(outcome.Succeeded);
        Assert.Equal(ProjectStatus.Draft, session.Project.Status);
    }

    [Fact]
    public async Task A_mix_the_checks_could_not_read_asks_for_a_new_upload_with_the_reason()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, analysisJob: PortalJobState.Failed,
            jobFailure: "This file ends early: 0:40 of the 3:10 its header declares is present.");
        await using var session = await OpenAsync(id);
        var blocker = session.SubmissionBlocker();
        Assert.Contains("could not be checked", blocker);
        Assert.Contains("ends early", blocker);
    }

    [Fact]
    public async Task Failed_checks_can_be_run_again_but_only_those_of_this_project_that_failed()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, analysisJob: PortalJobState.Failed, jobFailure: "The disk was full.");
        await using var session = await OpenAsync(id);
        var failed = session.Intake.Values.Single().JobId!.Value;
        var jobs = new RecordingJobs();
        Assert.True((await session.RetryAnalysisAsync(failed, jobs)).Succeeded);
        Assert.False((await session.RetryAnalysisAsync(Guid.NewGuid(), jobs)).Succeeded); // not a job of this project
        Assert.Equal([failed], jobs.Retries);
    }

    [Fact]
    public async Task A_clipping_mix_blocks_submission_until_the_client_confirms_and_the_timeline_says_so()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, TestMixes.Clipping());
        await using (var session = await OpenAsync(id))
        {
            var blocker = session.SubmissionBlocker();
            Assert.Contains("headroom", blocker);
            Assert.Contains("clipping", blocker);
            Assert.False((await session.RunAsync(TestCommands.For(portal.Db), ProjectAction.Submit)).Succeeded);

            var track = session.Project.Tracks[0];
            track.Brief!.ProblemsAcknowledgedForMixId = track.CurrentMixId;
            Assert.Null(session.SubmissionBlocker());
            var outcome = await session.RunAsync(TestCommands.For(portal.Db), ProjectAction.Submit);
            Assert.True(outcome.Succeeded, outcome.Message);
        }
        await using var db = await portal.Db.CreateDbContextAsync();
        var project = await db.Projects.Include(p => p.Events).Include(p => p.Tracks).ThenInclude(t => t.Brief).SingleAsync(p => p.Id == id);
        Assert.Equal(ProjectStatus.Submitted, project.Status);
        Assert.Equal(project.Tracks[0].CurrentMixId, project.Tracks[0].Brief!.ProblemsAcknowledgedForMixId);
        var note = Assert.Single(project.Events, e => e.Kind == ProjectEventKind.Note && e.Description.Contains("chose to go ahead"));
        Assert.Contains("Headroom", note.Description);
        Assert.Equal(portal.AvaId, note.ActorId);
    }

    [Fact]
    public async Task A_confirmation_counts_for_the_mix_it_was_given_for_not_for_a_replacement()
    {
        var (id, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.Draft, TestMixes.Clipping());
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            // The client confirmed going ahead with this mix, then sent another one that clips as well.
            var brief = await db.Briefs.SingleAsync(b => b.TrackId == trackId);
            brief.ProblemsAcknowledgedForMixId = mixId;
            var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
            var replacement = new FileAsset
            {
                ProjectId = id, TrackId = trackId, Kind = FileAssetKind.Mix, OriginalName = "song_mix_v2.wav", Format = "wav",
                Sha256 = new string('c', 64), StorageKey = new string('c', 64),
            };
            db.FileAssets.Add(replacement);
            track.CurrentMixId = replacement.Id;
            var clipping = TestMixes.Clipping();
            db.Analyses.Add(new Analysis { FileAssetId = replacement.Id, ResultJson = clipping.ToJson() });
            await db.SaveChangesAsync();
        }
        await using var session = await OpenAsync(id);
        Assert.Contains("has problems", session.SubmissionBlocker());
    }

    [Fact]
    public async Task A_healthy_mix_is_submitted_without_asking_anything()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, TestMixes.Healthy());
        await using var session = await OpenAsync(id);
        Assert.Null(session.SubmissionBlocker());
        Assert.True((await session.RunAsync(TestCommands.For(portal.Db), ProjectAction.Submit)).Succeeded);
        Assert.DoesNotContain(session.Project.Events, e => e.Description.Contains("chose to go ahead"));
    }

    [Fact]
    public async Task A_track_without_a_mix_cannot_be_submitted()
    {
        var (id, _, _) = await portal.NewProjectAsync(ProjectStatus.Draft, TestMixes.Healthy());
        await using var session = await OpenAsync(id);
        Assert.True((await session.AddTrackAsync(TestCommands.For(portal.Db), "Second song")).Succeeded);
        Assert.Equal("Upload the mix of \"Second song\" before submitting.", session.SubmissionBlocker());
    }
}
