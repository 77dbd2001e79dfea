using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>The engineer's workspace: engineers only, a new revision per render with the chain's settings, posting moves the project to review.</summary>
public sealed class WorkspaceSessionTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    Task<WorkspaceSession?> OpenAsync(Guid projectId, Guid trackId, System.Security.Claims.ClaimsPrincipal? who = null) =>
        WorkspaceSession.OpenAsync(portal.Db, who ?? portal.Engineer, projectId, trackId);

    [Fact]
    public async Task Only_the_studios_engineer_opens_a_workspace_and_only_for_a_track_of_that_project()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy());
        var (otherId, otherTrack, _) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy());
        Assert.NotNull(await OpenAsync(id, trackId));
        Assert.Null(await OpenAsync(id, trackId, portal.Ava)); // the client whose project it is
        Assert.Null(await OpenAsync(id, trackId, portal.Ben));
        Assert.Null(await OpenAsync(id, otherTrack)); // a track of another project
        Assert.NotNull(await OpenAsync(otherId, otherTrack));
    }

    [Fact]
    public async Task Rendering_a_submitted_project_starts_the_work_and_queues_revision_1_with_the_chain_settings()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy());
        var session = (await OpenAsync(id, trackId))!;
        var jobs = new RecordingJobs();
        var settings = session.DefaultSettings() with
        {
            Limiter = new ProcessorStage<TruePeakLimiterSettings> { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: -2) },
        };
        var outcome = await session.RenderAsync(settings, null, jobs, TestCommands.For(portal.Db));
        Assert.True(outcome.Succeeded, outcome.Message);

        await using var db = await portal.Db.CreateDbContextAsync();
        var revision = await db.Revisions.SingleAsync(r => r.TrackId == trackId);
        Assert.Equal(1, revision.Number);
        Assert.Equal(RevisionStatus.Queued, revision.Status);
        Assert.Equal(-2, RenderSettings.FromJson(revision.SettingsJson).Limiter.Settings.CeilingDbtp);
        Assert.Equal([revision.Id], jobs.Renders);
        Assert.Equal(ProjectStatus.InProgress, (await db.Projects.SingleAsync(p => p.Id == id)).Status);

        await session.ReloadAsync();
        Assert.True((await session.RenderAsync(settings, null, jobs, TestCommands.For(portal.Db))).Succeeded);
        Assert.Equal(2, await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => r.Number));
    }

    [Fact]
    public async Task Settings_out_of_range_are_refused_with_the_validators_words_and_nothing_is_queued()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var session = (await OpenAsync(id, trackId))!;
        var jobs = new RecordingJobs();
        var bad = session.DefaultSettings() with { InputGain = new InputGainStage { Enabled = true, GainDb = 60 } };
        var expected = RenderSettingsValidator.Validate(bad, 44100, 2);
        Assert.NotEmpty(expected);
        var outcome = await session.RenderAsync(bad, null, jobs, TestCommands.For(portal.Db));
        Assert.False(outcome.Succeeded);
        Assert.Contains(expected[0], outcome.Message);
        Assert.Empty(jobs.Renders);
        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.False(await db.Revisions.AnyAsync(r => r.TrackId == trackId));
    }

    [Fact]
    public async Task A_draft_is_not_rendered_the_client_has_not_submitted()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Draft, TestMixes.Healthy());
        var session = (await OpenAsync(id, trackId))!;
        Assert.False(session.CanRender);
        var outcome = await session.RenderAsync(session.DefaultSettings(), null, new RecordingJobs(), TestCommands.For(portal.Db));
        Assert.Equal("The client has not submitted this project yet.", outcome.Message);
    }

    [Theory]
    [InlineData(TargetPlatforms.Spotify | TargetPlatforms.AppleMusic, StreamingPlatform.AppleMusic)] // the quietest platform asked for
    [InlineData(TargetPlatforms.YouTube | TargetPlatforms.Vinyl, StreamingPlatform.YouTube)]
    public async Task A_first_revision_starts_from_the_loudness_target_of_the_brief(TargetPlatforms platforms, StreamingPlatform expected)
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy(), platforms);
        var session = (await OpenAsync(id, trackId))!;
        Assert.Equal(expected, session.DefaultSettings().Loudness!.Platform);
    }

    [Fact]
    public async Task Posting_a_ready_revision_with_a_note_moves_the_project_to_review_once()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.Revisions.Add(new Revision { TrackId = trackId, Number = 1, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson() });
            await db.SaveChangesAsync();
        }
        var session = (await OpenAsync(id, trackId))!;
        var revision = session.Revisions.Single();
        Assert.True(session.CanPost(revision));
        var outcome = await session.PostAsync(TestCommands.For(portal.Db), revision, "  Warmer low end, -14 LUFS.  ");
        Assert.True(outcome.Succeeded, outcome.Message);
        await session.ReloadAsync();
        Assert.Equal(ProjectStatus.InReview, session.Project.Status);
        var posted = session.Revisions.Single();
        Assert.NotNull(posted.PostedAt);
        Assert.Equal("Warmer low end, -14 LUFS.", posted.EngineerNote);
        Assert.False(session.CanPost(posted));
        Assert.False((await session.PostAsync(TestCommands.For(portal.Db), posted, "again")).Succeeded);
    }

    [Fact]
    public async Task A_ready_revision_not_yet_checked_on_the_streaming_services_is_checked_on_request_and_a_checked_or_unfinished_one_is_not()
    {
        var (id, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.Revisions.AddRange(
                new Revision { TrackId = trackId, Number = 1, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson(),
                    RenderReportJson = new RenderReport(-14, 5, -1.2, 3, 1, [], []).ToJson() },
                new Revision { TrackId = trackId, Number = 2, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson(),
                    RenderReportJson = new RenderReport(-14, 5, -1.2, 3, 1, [], [], Platforms: []).ToJson() },
                new Revision { TrackId = trackId, Number = 3, Status = RevisionStatus.Rendering, SettingsJson = new RenderSettings().ToJson() });
            await db.SaveChangesAsync();
        }
        var session = (await OpenAsync(id, trackId))!;
        var jobs = new RecordingJobs();
        var fresh = session.Revisions.Single(r => r.Number == 1);
        var outcome = await session.CheckPlatformsAsync(fresh, jobs);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal([fresh.Id], jobs.PlatformChecks);

        Assert.Equal("Revision 2 has been checked for the streaming services already.",
            (await session.CheckPlatformsAsync(session.Revisions.Single(r => r.Number == 2), jobs)).Message);
        Assert.Equal("Revision 3 is not finished yet: it is checked for the streaming services when it is.",
            (await session.CheckPlatformsAsync(session.Revisions.Single(r => r.Number == 3), jobs)).Message);
        Assert.Single(jobs.PlatformChecks);
    }
}
