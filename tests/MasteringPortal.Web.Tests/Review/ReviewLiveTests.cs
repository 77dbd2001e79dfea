using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// The review hub's pushes through real hub connections: each audience gets what it may see,
/// in order. "Not sent" is proven without waiting: a later message that the audience may see arrives first.
/// </summary>
public sealed class ReviewLiveTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    async Task<(HubListener Engineer, HubListener Client)> JoinBothAsync(Guid projectId)
    {
        var (_, engineerCookies) = await ReviewHarness.SignInAsync(portal, DemoSeeder.EngineerEmail);
        var (_, clientCookies) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var engineer = await ReviewHarness.ConnectAsync(portal, engineerCookies);
        var client = await ReviewHarness.ConnectAsync(portal, clientCookies);
        await engineer.Hub.InvokeAsync("Join", projectId);
        await client.Hub.InvokeAsync("Join", projectId);
        return (engineer, client);
    }

    ReviewPushes Pushes => portal.Factory.Services.GetRequiredService<ReviewPushes>();

    [Fact]
    public async Task An_unposted_revision_reaches_only_the_engineers_and_the_client_gets_it_once_posted()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var (revisionId, _, previewId) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: false);
        var (engineer, client) = await JoinBothAsync(projectId);
        await using var _e = engineer;
        await using var _c = client;

        await Pushes.RevisionAsync(revisionId);
        var seen = await engineer.NextAsync<ReviewSource>("Source");
        Assert.Equal(("rev:" + revisionId, "Revision 1 (not posted)", "ready"), (seen.Key, seen.Label, seen.State));
        Assert.NotNull(seen.Figures?.Waveform);

        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            (await db.Revisions.SingleAsync(r => r.Id == revisionId)).PostedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        await Pushes.RevisionAsync(revisionId);
        // The client's first message is the posted revision: the unposted push never reached them.
        var posted = await client.NextAsync<ReviewSource>("Source");
        Assert.Equal(("Revision 1", true, $"/api/files/{previewId}/audio"), (posted.Label, posted.Posted, posted.AudioUrl));
        Assert.NotNull(posted.Figures?.Loudness);
        Assert.Equal("Revision 1", (await engineer.NextAsync<ReviewSource>("Source")).Label);
    }

    [Fact]
    public async Task Render_progress_is_relayed_to_the_engineers_only_and_comments_to_whoever_may_see_their_revision()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (posted, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var (unposted, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 2, posted: false);
        var (engineer, client) = await JoinBothAsync(projectId);
        await using var _e = engineer;
        await using var _c = client;

        // A job update published by the runner goes through the relay to the hub.
        await portal.Factory.Services.GetRequiredService<IJobNotifications>().PublishAsync(
            new JobUpdate(Guid.NewGuid(), projectId, PortalJobKind.Render, unposted, PortalJobState.Running, 42, null));
        var progress = await engineer.NextAsync<ReviewRenderProgress>("RenderProgress");
        Assert.Equal((unposted, 42), (progress.RevisionId, progress.ProgressPercent));

        using var scope = portal.Factory.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
        Assert.True((await actions.CommentAsync(portal.Engineer, unposted, 1, null, "Note to self: less air")).Outcome.Succeeded);
        Assert.Equal("Note to self: less air", (await engineer.NextAsync<ReviewComment>("Comment")).Text);

        var (done, id) = await actions.CommentAsync(portal.Ava, posted, 1.25, 2.5, "The kick disappears here");
        Assert.True(done.Succeeded);
        // The client's first message is their own comment: neither the progress nor the engineer's note reached them.
        var mine = await client.NextAsync<ReviewComment>("Comment");
        Assert.Equal((id!.Value, 1.25, 2.5, false), (mine.Id, mine.StartSeconds, mine.EndSeconds!.Value, mine.ByEngineer));
        Assert.Equal(id, (await engineer.NextAsync<ReviewComment>("Comment")).Id);

        // A reply joins the thread at its time; resolving it is pushed to both.
        Assert.True((await actions.CommentAsync(portal.Engineer, posted, 0, null, "Fixed in the next pass", id)).Outcome.Succeeded);
        var reply = await client.NextAsync<ReviewComment>("Comment");
        Assert.Equal((id, 1.25), (reply.ParentId, reply.StartSeconds));
        Assert.True((await actions.SetResolvedAsync(portal.Ava, id.Value, true)).Succeeded);
        Assert.True((await client.NextAsync<ReviewComment>("Comment")).Resolved);
    }

    [Fact]
    public async Task Requesting_changes_uses_a_round_and_approving_locks_the_revision_both_pushed_to_every_page()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (first, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var (engineer, client) = await JoinBothAsync(projectId);
        await using var _e = engineer;
        await using var _c = client;
        using var scope = portal.Factory.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ProjectCommands>();

        Assert.Equal("Tell the engineer what should change.", (await actions.RequestChangesAsync(portal.Ava, projectId, "  ")).Message);
        Assert.True((await actions.RequestChangesAsync(portal.Ava, projectId, "More low end, please")).Succeeded);
        var change = await client.NextAsync<ReviewProjectChange>("Project");
        Assert.Equal(("ChangesRequested", "1 of 2 included revision rounds used"), (change.Status, change.Rounds));
        Assert.Equal("ChangesRequested", (await engineer.NextAsync<ReviewProjectChange>("Project")).Status);
        // Only the client decides, and only while a revision is in review.
        Assert.False((await actions.ApproveAsync(portal.Ava, projectId, first)).Succeeded);

        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            (await db.Projects.SingleAsync(p => p.Id == projectId)).Status = ProjectStatus.InReview;
            await db.SaveChangesAsync();
        }
        Assert.False((await actions.ApproveAsync(portal.Engineer, projectId, first)).Succeeded);
        Assert.True((await actions.ApproveAsync(portal.Ava, projectId, first)).Succeeded);
        Assert.Equal("Approved", (await client.NextAsync<ReviewProjectChange>("Project")).Status);
        Assert.True((await client.NextAsync<ReviewSource>("Source")).Approved);
        await using (var db = await portal.Db.CreateDbContextAsync())
            Assert.Equal(first, (await db.Tracks.SingleAsync(t => t.Id == trackId)).ApprovedRevisionId);
    }
}
