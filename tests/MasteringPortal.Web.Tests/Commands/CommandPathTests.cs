using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using MasteringPortal.Web.Tests.Review;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The command path and the change feed, end to end in a running portal: a change is saved once, published once after
/// the save, reaches a page subscribed to its project once and each review hub audience once; a command that the
/// capabilities table gives to the engineer is refused to a client before anything is loaded or saved.
/// "Once" is proven by order, not by waiting: the next change's message is the very next thing each listener gets.
/// </summary>
public sealed class CommandPathTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    ProjectCommands Commands(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<ProjectCommands>();

    IProjectChangeFeed Feed => portal.Factory.Services.GetRequiredService<IProjectChangeFeed>();

    async Task<HubListener> JoinAsync(string email, Guid projectId)
    {
        var (_, cookies) = await ReviewHarness.SignInAsync(portal, email);
        var listener = await ReviewHarness.ConnectAsync(portal, cookies);
        await listener.Hub.InvokeAsync("Join", projectId);
        return listener;
    }

    [Fact]
    public async Task A_change_made_through_the_command_path_reaches_a_subscribed_page_and_the_hub_exactly_once()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (revisionId, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        await using var engineer = await JoinAsync(DemoSeeder.EngineerEmail, projectId);
        await using var client = await JoinAsync(DemoSeeder.ClientEmail, projectId);
        var page = new List<ProjectChange>();
        using var subscription = Feed.Subscribe(projectId, change => { lock (page) page.Add(change); return Task.CompletedTask; });

        using var scope = portal.Factory.Services.CreateScope();
        var requested = await Commands(scope).RequestChangesAsync(portal.Ava, projectId, "More low end, please");
        Assert.True(requested.Succeeded, requested.Message);
        var (commented, commentId) = await Commands(scope).CommentAsync(portal.Ava, revisionId, 1.25, null, "The kick disappears here");
        Assert.True(commented.Succeeded, commented.Message);

        // The page heard each change once, in the order they were saved, after the save (the rows say so).
        lock (page)
            Assert.Equal([(ProjectChangeKind.Project, (Guid?)null), (ProjectChangeKind.Comment, commentId)],
                page.Select(c => (c.Kind, c.SubjectId)).ToList());
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            Assert.Equal(ProjectStatus.ChangesRequested, (await db.Projects.SingleAsync(p => p.Id == projectId)).Status);
            Assert.True(await db.Comments.AnyAsync(c => c.Id == commentId));
        }
        // Each audience of the hub: the project change once, then the comment (a second project message would come first).
        foreach (var listener in new[] { engineer, client })
        {
            Assert.Equal(nameof(ProjectStatus.ChangesRequested), (await listener.NextAsync<ReviewProjectChange>("Project")).Status);
            Assert.Equal(commentId, (await listener.NextAsync<ReviewComment>("Comment")).Id);
        }
    }

    [Theory]
    [InlineData(ProjectAction.PostRevision)]
    [InlineData(ProjectAction.MarkPaid)]
    [InlineData(ProjectAction.Deliver)]
    [InlineData(ProjectAction.GrantExtraRounds)]
    [InlineData(ProjectAction.StartWork)]
    public async Task A_clients_attempt_at_an_engineers_command_is_refused_by_the_capabilities_table(ProjectAction action)
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: false);
        var page = new List<ProjectChange>();
        using var subscription = Feed.Subscribe(projectId, change => { lock (page) page.Add(change); return Task.CompletedTask; });
        var before = await ProbeAsync(projectId);

        using var scope = portal.Factory.Services.CreateScope();
        var outcome = await Commands(scope).RunAsync(portal.Ava, projectId, action, notes: "please");

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("Only the engineer", outcome.Message);
        Assert.Equal(ProjectWorkflow.WhyNotActor(action, new Project { ClientId = Guid.NewGuid() },
            WorkflowActor.Client("someone", Guid.NewGuid())), outcome.Message);
        Assert.Equal(before, await ProbeAsync(projectId));
        lock (page) Assert.Empty(page);
    }

    [Fact]
    public async Task Track_changes_go_through_the_command_path_and_a_client_cannot_arrange_tracks()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy());
        var page = new List<ProjectChange>();
        using var subscription = Feed.Subscribe(projectId, change => { lock (page) page.Add(change); return Task.CompletedTask; });
        using var scope = portal.Factory.Services.CreateScope();

        // The engineer may add, rename and move tracks until work starts; each change is published once.
        Assert.True((await Commands(scope).AddTrackAsync(portal.Engineer, projectId, "  Second song ")).Succeeded);
        Assert.True((await Commands(scope).RenameTrackAsync(portal.Engineer, projectId, trackId, "First song")).Succeeded);
        Assert.True((await Commands(scope).MoveTrackAsync(portal.Engineer, projectId, trackId, +1)).Succeeded);
        lock (page) Assert.Equal(3, page.Count(c => c.Kind == ProjectChangeKind.Project));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var order = await db.Tracks.Where(t => t.ProjectId == projectId).OrderBy(t => t.Position).Select(t => t.Title).ToListAsync();
            Assert.Equal(["Second song", "First song"], order);
            Assert.True(await db.ProjectEvents.AnyAsync(e => e.ProjectId == projectId && e.Description == "Track 2 \"Second song\" added."));
        }

        // Submitted: the client may no longer add tracks, and never rename or reorder them.
        lock (page) page.Clear();
        Assert.Equal("Tracks can no longer be added: work on this project has started.",
            (await Commands(scope).AddTrackAsync(portal.Ava, projectId, "Sneaky")).Message);
        Assert.Equal("Only the engineer can rename tracks, and only before work starts.",
            (await Commands(scope).RenameTrackAsync(portal.Ava, projectId, trackId, "Mine")).Message);
        Assert.Equal("Only the engineer can reorder tracks, and only before work starts.",
            (await Commands(scope).MoveTrackAsync(portal.Ava, projectId, trackId, -1)).Message);
        lock (page) Assert.Empty(page);
    }

    [Fact]
    public async Task A_render_goes_through_the_command_path_the_first_starts_the_work_and_a_client_cannot_render()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.Submitted, TestMixes.Healthy());
        var page = new List<ProjectChange>();
        using var subscription = Feed.Subscribe(projectId, change => { lock (page) page.Add(change); return Task.CompletedTask; });
        using var scope = portal.Factory.Services.CreateScope();
        var jobs = new RecordingJobs();
        var settings = new MasteringPortal.Audio.Render.RenderSettings();

        Assert.Equal("Only the engineer can render a revision.",
            (await Commands(scope).QueueRenderAsync(portal.Ava, projectId, trackId, mixId, settings, jobs)).Message);
        Assert.Equal("A new mix arrived for this track a moment ago. The page now shows it; check it and render again.",
            (await Commands(scope).QueueRenderAsync(portal.Engineer, projectId, trackId, Guid.NewGuid(), settings, jobs)).Message);
        Assert.Empty(jobs.Renders);
        lock (page) Assert.Empty(page);

        var outcome = await Commands(scope).QueueRenderAsync(portal.Engineer, projectId, trackId, mixId, settings, jobs);
        Assert.True(outcome.Succeeded, outcome.Message);
        var revisionId = Assert.Single(jobs.Renders);
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            Assert.Equal(ProjectStatus.InProgress, (await db.Projects.SingleAsync(p => p.Id == projectId)).Status);
            Assert.Equal((1, RevisionStatus.Queued), await db.Revisions.Where(r => r.Id == revisionId).Select(r => new ValueTuple<int, RevisionStatus>(r.Number, r.Status)).SingleAsync());
        }
        // The start of the work is published once; the second render changes no stage and publishes nothing itself.
        Assert.True((await Commands(scope).QueueRenderAsync(portal.Engineer, projectId, trackId, mixId, settings, jobs)).Succeeded);
        lock (page) Assert.Equal([ProjectChangeKind.Project], page.Select(c => c.Kind).ToList());
    }

    /// <summary>What a refused command must leave as it was: the status, the quote, the rounds, the timeline, the payments.</summary>
    sealed record ProjectProbe(ProjectStatus Status, long Quote, int ExtraRounds, int Events, int Payments, int Posted);

    async Task<ProjectProbe> ProbeAsync(Guid projectId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var p = await db.Projects.AsNoTracking().Include(x => x.Events).Include(x => x.Payments).SingleAsync(x => x.Id == projectId);
        var posted = await db.Revisions.CountAsync(r => r.Track!.ProjectId == projectId && r.PostedAt != null);
        return new(p.Status, p.QuoteMinor, p.ExtraRoundsGranted, p.Events.Count, p.Payments.Count, posted);
    }
}
