using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Account;
using MasteringPortal.Web.Features.Email;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>
/// Email confirmation of invited users: a sign-up from an emailed link has a proven address; one from a link copied by
/// hand is sent a confirmation link, is asked on every page to use it, and gets no notification email until it does.
/// </summary>
public sealed class EmailConfirmationTests(TeamWorld world) : IClassFixture<TeamWorld>
{
    async Task<(HttpClient Browser, PortalUser User)> JoinAsync(bool emailed)
    {
        var email = $"nell-{Guid.NewGuid():N}@studio.example";
        var link = await world.Service<TeamService>().InviteAsync(world.Engineer,
            new TeamInvitationForm { Email = email, Role = TeamRole.Engineer, SendByEmail = emailed }, "http://localhost/");
        Assert.NotNull(link);
        var browser = world.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignUpAsync(browser, link.Url, "Nell", TeamWorld.MemberPassword)).StatusCode);
        var user = await world.Service<UserManager<PortalUser>>().FindByEmailAsync(email);
        return (browser, user!);
    }

    async Task<List<OutboxEmail>> EmailsToAsync(string address, string template)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.OutboxEmails.Where(e => e.ToAddress == address && e.Template == template).ToListAsync();
    }

    static string ConfirmPathIn(OutboxEmail email)
    {
        var line = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(EmailConfirmations.Path + "?user="));
        return new Uri(line).PathAndQuery;
    }

    [Fact]
    public async Task Signing_up_from_an_emailed_link_proves_the_address()
    {
        var (browser, user) = await JoinAsync(emailed: true);
        Assert.True(user.EmailConfirmed);
        Assert.Empty(await EmailsToAsync(user.Email!, EmailConfirmations.Template));
        Assert.DoesNotContain("data-testid=\"confirm-banner\"", await browser.GetStringAsync("/engineer"));
    }

    [Fact]
    public async Task A_hand_copied_link_asks_for_confirmation_by_email_and_the_link_confirms_once()
    {
        var (browser, user) = await JoinAsync(emailed: false);
        Assert.False(user.EmailConfirmed);
        var sent = Assert.Single(await EmailsToAsync(user.Email!, EmailConfirmations.Template));
        Assert.Contains("data-testid=\"confirm-banner\"", await browser.GetStringAsync("/engineer"));

        // A damaged link does nothing.
        var path = ConfirmPathIn(sent);
        var damaged = await world.NewClient().GetStringAsync(path[..^4] + "AAAA");
        Assert.Contains("data-testid=\"confirm-error\"", damaged);
        Assert.False((await world.Service<UserManager<PortalUser>>().FindByIdAsync(user.Id))!.EmailConfirmed);

        // The emailed link works from any browser (the mail app's), and the banner goes.
        Assert.Contains("data-testid=\"confirm-done\"", await world.NewClient().GetStringAsync(path));
        Assert.True((await world.Service<UserManager<PortalUser>>().FindByIdAsync(user.Id))!.EmailConfirmed);
        Assert.DoesNotContain("data-testid=\"confirm-banner\"", await browser.GetStringAsync("/engineer"));
    }

    [Fact]
    public async Task Notifications_of_an_unconfirmed_address_wait_in_the_bell_and_go_by_email_once_it_is_confirmed()
    {
        var (_, user) = await JoinAsync(emailed: false);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Notifications.Add(new Notification
            {
                UserId = user.Id, StudioId = user.StudioId, Kind = NotificationKind.ProjectSubmitted, Title = "A project is submitted",
                Link = "/engineer", CreatedAt = DateTimeOffset.UtcNow, EmailDueAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            });
            await db.SaveChangesAsync();
        }
        await world.Service<NotificationEmails>().ComposeDueAsync(CancellationToken.None);
        Assert.Empty(await EmailsToAsync(user.Email!, NotificationEmails.Template));

        var path = ConfirmPathIn(Assert.Single(await EmailsToAsync(user.Email!, EmailConfirmations.Template)));
        Assert.Contains("data-testid=\"confirm-done\"", await world.NewClient().GetStringAsync(path));
        await world.Service<NotificationEmails>().ComposeDueAsync(CancellationToken.None);
        var email = Assert.Single(await EmailsToAsync(user.Email!, NotificationEmails.Template));
        Assert.Contains("A project is submitted", email.TextBody);
    }

    [Fact]
    public async Task Asking_again_sends_a_new_link_but_not_twice_in_a_moment()
    {
        var (browser, user) = await JoinAsync(emailed: false);
        var page = await Forms.SubmitAsync(browser, "/account/confirm", "resend", []);
        Assert.Contains("data-testid=\"confirm-sent\"", await page.Content.ReadAsStringAsync());
        // The sign-up's link went out a moment ago: the quiet time keeps this one back.
        Assert.Single(await EmailsToAsync(user.Email!, EmailConfirmations.Template));

        // Someone who is not signed in has nothing to resend.
        var anonymous = await world.NewClient().GetStringAsync("/account/confirm");
        Assert.DoesNotContain("confirm-resend", anonymous);
    }
}
