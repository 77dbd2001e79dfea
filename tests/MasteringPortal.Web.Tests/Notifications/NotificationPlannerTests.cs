using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Email;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Notifications;

public sealed class NotificationWorld : DemoWorld;

/// <summary>
/// Who is notified of what, decided in the save itself whatever code saved: clients hear only of what they may see,
/// nobody of their own doing; preferences decide when the email is due; due notifications of one person are one email.
/// </summary>
public sealed class NotificationPlannerTests(NotificationWorld world) : IClassFixture<NotificationWorld>
{
    ProjectCommands Commands => world.Factory.Services.GetRequiredService<ProjectCommands>();

    [Fact]
    public async Task A_posted_revision_notifies_the_clients_users_with_a_link_to_its_review_and_not_the_engineer_who_posted()
    {
        var (project, track, revision) = await ReadyRevisionAsync("Posted song");
        var outcome = await Commands.RunAsync(world.Engineer, project, ProjectAction.PostRevision, revisionIds: [revision]);
        Assert.True(outcome.Succeeded, outcome.Message);

        var ava = await NotificationsAsync(world.AvaId, project);
        var posted = Assert.Single(ava, n => n.Kind == NotificationKind.RevisionPosted);
        Assert.Equal(NotificationLinks.Review(project, track, revision), posted.Link);
        Assert.Contains("Posted song", posted.Title);
        Assert.Empty((await NotificationsAsync(world.EngineerId, project)).Where(n => n.Kind == NotificationKind.RevisionPosted));
        Assert.Empty(await NotificationsAsync(world.BenId, project));
    }

    [Fact]
    public async Task Engineer_only_events_never_reach_a_client()
    {
        var (project, track, revision) = await ReadyRevisionAsync("Unposted song");
        // The engineer's note on a revision the client has not been shown.
        var (outcome, _) = await Commands.CommentAsync(world.Engineer, revision, 1.0, null, "Kick a bit loud here");
        Assert.True(outcome.Succeeded, outcome.Message);
        // A render that failed, saved as the job harness saves it.
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var failed = new Revision { TrackId = track, Number = 99, Status = RevisionStatus.Rendering };
            db.Revisions.Add(failed);
            await db.SaveChangesAsync();
            failed.Status = RevisionStatus.Failed;
            failed.FailureReason = "The mix file is damaged.";
            await db.SaveChangesAsync();
        }

        Assert.Empty(await NotificationsAsync(world.AvaId, project));
        var engineer = await NotificationsAsync(world.EngineerId, project);
        Assert.Contains(engineer, n => n.Kind == NotificationKind.RenderFailed && n.Link == NotificationLinks.Workspace(project, track));
        // The engineer's own comment is not news to the engineer.
        Assert.DoesNotContain(engineer, n => n.Kind == NotificationKind.Comment);
    }

    [Fact]
    public async Task A_clients_comment_reaches_the_engineer_at_its_moment_and_an_engineers_reply_reaches_the_client()
    {
        var (project, track, revision) = await ReadyRevisionAsync("Talked-about song");
        await Commands.RunAsync(world.Engineer, project, ProjectAction.PostRevision, revisionIds: [revision]);
        var (_, commentId) = await Commands.CommentAsync(world.Ava, revision, 62.5, null, "The <b>snare</b> & vocal");
        var (_, replyId) = await Commands.CommentAsync(world.Engineer, revision, 0, null, "Fixed in the next one", parentId: commentId);

        var toEngineer = Assert.Single(await NotificationsAsync(world.EngineerId, project), n => n.Kind == NotificationKind.Comment);
        Assert.Equal(NotificationLinks.Comment(project, track, revision, commentId!.Value), toEngineer.Link);
        Assert.Contains("1:02", toEngineer.Title);
        Assert.Equal("The <b>snare</b> & vocal", toEngineer.Body);
        var toAva = Assert.Single(await NotificationsAsync(world.AvaId, project), n => n.Kind == NotificationKind.Comment);
        Assert.Equal(NotificationLinks.Comment(project, track, revision, replyId!.Value), toAva.Link);
    }

    [Fact]
    public async Task Preferences_decide_whether_and_when_a_notification_is_emailed()
    {
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.NotificationPreferences.RemoveRange(db.NotificationPreferences.Where(p => p.UserId == world.AvaId));
            db.NotificationPreferences.Add(new NotificationPreference { UserId = world.AvaId, Kind = NotificationKind.RevisionPosted, Channel = NotificationChannel.InApp });
            db.NotificationPreferences.Add(new NotificationPreference { UserId = world.AvaId, Kind = NotificationKind.Comment, Channel = NotificationChannel.DailyDigest });
            await db.SaveChangesAsync();
        }
        try
        {
            var (project, _, revision) = await ReadyRevisionAsync("Preferred song");
            await Commands.RunAsync(world.Engineer, project, ProjectAction.PostRevision, revisionIds: [revision]);
            await Commands.CommentAsync(world.Engineer, revision, 3, null, "Listen at 0:03");

            var ava = await NotificationsAsync(world.AvaId, project);
            var posted = Assert.Single(ava, n => n.Kind == NotificationKind.RevisionPosted);
            Assert.Null(posted.EmailDueAt);
            var comment = Assert.Single(ava, n => n.Kind == NotificationKind.Comment);
            Assert.Equal(NotificationDefaults.NextDigest(comment.CreatedAt), comment.EmailDueAt);
            // Ben is not on the project.
            Assert.Empty(await NotificationsAsync(world.BenId, project));
        }
        finally
        {
            await using var db = await world.Db.CreateDbContextAsync();
            db.NotificationPreferences.RemoveRange(db.NotificationPreferences.Where(p => p.UserId == world.AvaId));
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Comments_in_a_burst_go_out_as_one_email_carrying_each_of_them()
    {
        var (project, _, revision) = await ReadyRevisionAsync("Burst song");
        await Commands.RunAsync(world.Engineer, project, ProjectAction.PostRevision, revisionIds: [revision]);
        await ComposeAsync(); // whatever the engineer had due before the burst goes in an email of its own
        foreach (var (at, words) in new[] { (5.0, "Intro too quiet"), (30.0, "Chorus <loud>"), (90.0, "Fade & ending") })
            await Commands.CommentAsync(world.Ava, revision, at, null, words);

        // The burst window has passed for the first: the engineer's comments are due (the others ride along).
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var first = await db.Notifications.Where(n => n.UserId == world.EngineerId && n.ProjectId == project && n.Kind == NotificationKind.Comment)
                .OrderBy(n => n.CreatedAt).FirstAsync();
            first.EmailDueAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }
        await ComposeAsync();

        var comments = (await NotificationsAsync(world.EngineerId, project)).Where(n => n.Kind == NotificationKind.Comment).ToList();
        Assert.Equal(3, comments.Count);
        var emailId = Assert.Single(comments.Select(n => n.EmailId).Distinct());
        Assert.NotNull(emailId);
        await using var check = await world.Db.CreateDbContextAsync();
        var email = await check.OutboxEmails.SingleAsync(e => e.Id == emailId);
        Assert.StartsWith("3 new comments (", email.Subject);
        Assert.Contains("Intro too quiet", email.TextBody);
        Assert.Contains("Chorus <loud>", email.TextBody);
        Assert.Contains("Chorus &lt;loud&gt;", email.HtmlBody);
        Assert.Contains("Fade &amp; ending", email.HtmlBody);
    }

    async Task ComposeAsync()
    {
        await using var scope = world.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationEmails>().ComposeDueAsync(CancellationToken.None);
    }

    async Task<List<Notification>> NotificationsAsync(string userId, Guid projectId)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.ProjectId == projectId).ToListAsync();
    }

    /// <summary>A new project of Ava's in progress with one track and a finished revision the client has not been shown.</summary>
    async Task<(Guid Project, Guid Track, Guid Revision)> ReadyRevisionAsync(string title)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var project = world.People.NewProjectOfAvas(title, ProjectStatus.InProgress);
        var track = new Track { ProjectId = project.Id, Title = title, Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        var revision = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready };
        track.Revisions.Add(revision);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, track.Id, revision.Id);
    }
}
