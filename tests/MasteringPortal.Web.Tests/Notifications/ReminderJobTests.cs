using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Notifications;

/// <summary>Reminders on a fake clock: due only after the studio's days, once per occasion however often the job runs, and none once the thing is done.</summary>
public sealed class ReminderJobTests(NotificationWorld world) : IClassFixture<NotificationWorld>
{
    static readonly DateTimeOffset Posted = new(2031, 3, 2, 10, 0, 0, TimeSpan.Zero);

    ReminderJob Job(SettableClock clock) => new(world.Db, clock,
        new OccasionNotices(world.Factory.Services.GetRequiredService<INotificationSignals>(), NullLogger<OccasionNotices>.Instance));

    [Fact]
    public async Task A_revision_waiting_for_review_is_reminded_once_after_the_studios_days_and_not_after_approval()
    {
        var clock = new SettableClock(Posted);
        Guid project, revision;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var days = await db.Studios.Where(s => s.Id == world.StudioId).Select(s => s.ReviewReminderDays).SingleAsync();
            Assert.Equal(3, days);
            var p = world.People.NewProjectOfAvas("Waiting song", ProjectStatus.InReview);
            var track = new Track { ProjectId = p.Id, Title = "Waiting song", Position = 1, Brief = new Brief() };
            var r = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, PostedAt = Posted };
            track.Revisions.Add(r);
            p.Tracks.Add(track);
            db.Projects.Add(p);
            await db.SaveChangesAsync();
            (project, revision) = (p.Id, r.Id);
        }

        clock.Now = Posted.AddDays(2);
        await Job(clock).RunAsync(CancellationToken.None);
        Assert.Empty(await RemindersAsync(world.AvaId, project, NotificationKind.ReviewWaiting));

        clock.Now = Posted.AddDays(3).AddMinutes(1);
        await Job(clock).RunAsync(CancellationToken.None);
        await Job(clock).RunAsync(CancellationToken.None);
        clock.Now = Posted.AddDays(5);
        await Job(clock).RunAsync(CancellationToken.None);
        var reminder = Assert.Single(await RemindersAsync(world.AvaId, project, NotificationKind.ReviewWaiting));
        Assert.Contains(revision.ToString(), reminder.Link);
        Assert.Empty(await RemindersAsync(world.EngineerId, project, NotificationKind.ReviewWaiting));

        // The client decides: no more reminders for it.
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var p = await db.Projects.SingleAsync(x => x.Id == project);
            p.Status = ProjectStatus.ChangesRequested;
            await db.SaveChangesAsync();
        }
        clock.Now = Posted.AddDays(30);
        await Job(clock).RunAsync(CancellationToken.None);
        Assert.Single(await RemindersAsync(world.AvaId, project, NotificationKind.ReviewWaiting));
    }

    [Fact]
    public async Task A_due_date_two_days_away_and_then_passed_reminds_the_studio_once_each_and_never_the_client()
    {
        var clock = new SettableClock(Posted);
        Guid project;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var p = world.People.NewProjectOfAvas("Due song", ProjectStatus.InProgress);
            p.DueDate = DateOnly.FromDateTime(Posted.UtcDateTime).AddDays(5);
            db.Projects.Add(p);
            await db.SaveChangesAsync();
            project = p.Id;
        }
        await Job(clock).RunAsync(CancellationToken.None);
        Assert.Empty(await RemindersAsync(world.EngineerId, project, NotificationKind.DueDate));

        clock.Now = Posted.AddDays(3);
        await Job(clock).RunAsync(CancellationToken.None);
        await Job(clock).RunAsync(CancellationToken.None);
        Assert.Single(await RemindersAsync(world.EngineerId, project, NotificationKind.DueDate));

        clock.Now = Posted.AddDays(6);
        await Job(clock).RunAsync(CancellationToken.None);
        clock.Now = Posted.AddDays(7);
        await Job(clock).RunAsync(CancellationToken.None);
        var both = await RemindersAsync(world.EngineerId, project, NotificationKind.DueDate);
        Assert.Equal(2, both.Count);
        Assert.Contains(both, n => n.Title.Contains("was due"));
        Assert.Empty(await RemindersAsync(world.AvaId, project, NotificationKind.DueDate));
    }

    [Fact]
    public async Task An_invitation_not_accepted_after_three_days_is_brought_back_to_whoever_sent_it_once_and_not_once_accepted()
    {
        var clock = new SettableClock(Posted);
        var waiting = InvitationTokens.Create(world.StudioId, world.AvaClientId, $"{Guid.NewGuid():N}@band.test", world.EngineerId, Posted).Invitation;
        var accepted = InvitationTokens.Create(world.StudioId, world.AvaClientId, $"{Guid.NewGuid():N}@band.test", world.EngineerId, Posted).Invitation;
        accepted.AcceptedAt = Posted.AddDays(1);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Invitations.AddRange(waiting, accepted);
            await db.SaveChangesAsync();
        }

        clock.Now = Posted.AddDays(2);
        await Job(clock).RunAsync(CancellationToken.None);
        Assert.Empty(await InvitationRemindersAsync(waiting.Email));

        clock.Now = Posted.AddDays(3).AddMinutes(1);
        await Job(clock).RunAsync(CancellationToken.None);
        await Job(clock).RunAsync(CancellationToken.None);
        clock.Now = Posted.AddDays(6);
        await Job(clock).RunAsync(CancellationToken.None);
        var reminder = Assert.Single(await InvitationRemindersAsync(waiting.Email));
        Assert.Equal((world.EngineerId, "/clients"), (reminder.UserId, reminder.Link));
        Assert.Empty(await InvitationRemindersAsync(accepted.Email));
        // Nobody else hears of it: not the client, and not for the accepted one.
        await using var check = await world.Db.CreateDbContextAsync();
        Assert.False(await check.Notifications.AnyAsync(n => n.Kind == NotificationKind.InvitationWaiting && n.UserId != world.EngineerId));
    }

    async Task<List<Notification>> InvitationRemindersAsync(string email)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.InvitationWaiting && n.Title.Contains(email)).ToListAsync();
    }

    async Task<List<Notification>> RemindersAsync(string userId, Guid projectId, NotificationKind kind)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.ProjectId == projectId && n.Kind == kind).ToListAsync();
    }
}
