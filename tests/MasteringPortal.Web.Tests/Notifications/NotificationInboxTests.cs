using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Notifications;

/// <summary>A person's own notifications: the count, marking read, the live ring; nobody else's by id.</summary>
public sealed class NotificationInboxTests(NotificationWorld world) : IClassFixture<NotificationWorld>
{
    [Fact]
    public async Task Only_the_owner_can_mark_a_notification_read_and_the_commit_rings_the_notified_persons_bell()
    {
        var bell = world.Factory.Services.GetRequiredService<NotificationBell>();
        var avaRang = 0;
        using var ava = bell.Subscribe(world.AvaId, () => { Interlocked.Increment(ref avaRang); return Task.CompletedTask; });
        Guid id;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var project = world.People.NewProjectOfAvas("Bell song", ProjectStatus.InProgress);
            var track = new Track { ProjectId = project.Id, Title = "Bell song", Position = 1, Brief = new Brief() };
            var revision = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready };
            track.Revisions.Add(revision);
            project.Tracks.Add(track);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            var commands = world.Factory.Services.GetRequiredService<MasteringPortal.Web.Features.Projects.ProjectCommands>();
            await commands.RunAsync(world.Engineer, project.Id, MasteringPortal.Core.Workflow.ProjectAction.PostRevision, revisionIds: [revision.Id]);
            id = await db.Notifications.Where(n => n.UserId == world.AvaId && n.ProjectId == project.Id).Select(n => n.Id).SingleAsync();
        }
        // Ava's open bells were rung by the commit (Ben's may ring for the demo's own background checks, so he is not counted).
        Assert.True(avaRang > 0);

        await using var scope = world.Factory.Services.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<NotificationInbox>();
        // (Counts are not compared: the demo's background checks may notify Ava meanwhile.)
        Assert.True(await inbox.UnreadCountAsync(world.Ava) > 0);
        Assert.Equal(0, await inbox.MarkReadAsync(world.Ben, id));
        Assert.Equal(0, await inbox.MarkReadAsync(world.Engineer, id));
        Assert.Null(await ReadAtAsync(id));
        Assert.DoesNotContain(await inbox.LatestAsync(world.Ben), n => n.Id == id);
        Assert.Equal(1, await inbox.MarkReadAsync(world.Ava, id));
        Assert.NotNull(await ReadAtAsync(id));
    }

    async Task<DateTimeOffset?> ReadAtAsync(Guid id)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync();
    }

    [Theory]
    [InlineData("/notifications")]
    [InlineData("/account/notifications")]
    [InlineData("/studio/emails")]
    public async Task The_pages_send_an_anonymous_visitor_to_sign_in(string path)
    {
        using var client = world.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }
}
