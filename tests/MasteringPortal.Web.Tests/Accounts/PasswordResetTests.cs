using System.Net;
using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Account;
using MasteringPortal.Web.Features.Email;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>
/// "Forgot your password": the same answer for any address, a link emailed only to a real account, stored as a hash,
/// working once and for an hour, ending every session; a removed member gets nothing.
/// </summary>
public sealed class PasswordResetTests(TeamWorld world) : IClassFixture<TeamWorld>
{
    static readonly DateTimeOffset Start = new(2031, 5, 4, 9, 0, 0, TimeSpan.Zero);

    PasswordResets Resets(TimeProvider clock, IServiceProvider scope) => new(world.Db, scope.GetRequiredService<UserManager<PortalUser>>(),
        scope.GetRequiredService<EmailOutbox>(), scope.GetRequiredService<EmailTemplates>(), clock);

    async Task<(string UserId, string Email)> NewMemberAsync()
    {
        var (_, userId, _) = await world.JoinAsync(TeamRole.Engineer, "Mara");
        await using var db = await world.Db.CreateDbContextAsync();
        return (userId, (await db.Users.SingleAsync(u => u.Id == userId)).Email!);
    }

    async Task<OutboxEmail?> ResetEmailAsync(string address)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.OutboxEmails.Where(e => e.ToAddress == address && e.Template == StudioEmails.PasswordResetTemplate)
            .OrderByDescending(e => e.CreatedAt).FirstOrDefaultAsync();
    }

    static string TokenIn(OutboxEmail email)
    {
        var line = email.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(PasswordResets.Path + "?token="));
        return Uri.UnescapeDataString(line[(line.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
    }

    [Fact]
    public async Task Asking_answers_the_same_for_any_address_and_emails_only_a_real_account()
    {
        var (_, email) = await NewMemberAsync();
        var stranger = $"nobody-{Guid.NewGuid():N}@nowhere.example";
        var answers = new List<string>();
        foreach (var address in new[] { email, stranger })
        {
            using var browser = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var response = await Forms.SubmitAsync(browser, "/account/forgot", "forgot", new() { ["Input.Email"] = address });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            answers.Add(response.Headers.Location!.ToString());
        }
        Assert.Equal(answers[0], answers[1]);

        var sent = await ResetEmailAsync(email);
        Assert.NotNull(sent);
        Assert.Null(await ResetEmailAsync(stranger));
        // Only the token's hash is kept: the database alone cannot reset anyone's password.
        var token = TokenIn(sent);
        await using var db = await world.Db.CreateDbContextAsync();
        var row = await db.PasswordResets.SingleAsync(r => r.UserId == sent.UserId);
        Assert.NotEqual(token, row.TokenHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.TokenHash);
    }

    [Fact]
    public async Task The_link_sets_a_new_password_once_and_ends_every_session()
    {
        var (userId, email) = await NewMemberAsync();
        using var scope = world.Factory.Services.CreateScope();
        var clock = new SettableClock(Start);
        var resets = Resets(clock, scope.ServiceProvider);
        await resets.RequestAsync(email);
        var token = TokenIn((await ResetEmailAsync(email))!);

        using var oldSession = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.SignInAsync(oldSession, email, TeamWorld.MemberPassword);
        Assert.Equal(HttpStatusCode.OK, (await oldSession.GetAsync("/engineer")).StatusCode);

        // A weak password is refused and the link still works.
        Assert.NotEmpty(await resets.ResetAsync(token, "short"));
        Assert.True(await resets.IsUsableAsync(token));
        const string newPassword = "a new song for the winter";
        Assert.Empty(await resets.ResetAsync(token, newPassword));

        Assert.False(await resets.IsUsableAsync(token));
        Assert.Equal([PasswordResets.Expired], await resets.ResetAsync(token, "and another one after that"));
        using (var page = world.Factory.CreateClient())
        {
            var html = await page.GetStringAsync($"{PasswordResets.Path}?token={Uri.EscapeDataString(token)}");
            Assert.Contains("expired or was already used", html);
            Assert.DoesNotContain("Set the new password", html);
        }
        Assert.NotEqual(HttpStatusCode.OK, (await oldSession.GetAsync("/engineer")).StatusCode);
        using var fresh = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.SignInAsync(fresh, email, newPassword);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/engineer")).StatusCode);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        Assert.False(await users.CheckPasswordAsync(user, TeamWorld.MemberPassword));
        Assert.True(user.EmailConfirmed);
    }

    [Fact]
    public async Task A_link_expires_after_an_hour_and_a_second_request_right_away_sends_nothing_more()
    {
        var (_, email) = await NewMemberAsync();
        using var scope = world.Factory.Services.CreateScope();
        var clock = new SettableClock(Start);
        var resets = Resets(clock, scope.ServiceProvider);
        await resets.RequestAsync(email);
        var first = (await ResetEmailAsync(email))!;
        await resets.RequestAsync(email);
        Assert.Equal(first.Id, (await ResetEmailAsync(email))!.Id);

        clock.Now = Start + PasswordResets.Lifetime + TimeSpan.FromSeconds(1);
        var token = TokenIn(first);
        Assert.False(await resets.IsUsableAsync(token));
        Assert.Equal([PasswordResets.Expired], await resets.ResetAsync(token, "too late for this one, sorry"));
    }

    [Fact]
    public async Task A_reset_password_leaves_two_factor_sign_in_on()
    {
        var (browser, userId, _) = await world.JoinAsync(TeamRole.Engineer, "Kofi");
        await TwoFactorForms.EnrolAsync(browser, world.Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        using var scope = world.Factory.Services.CreateScope();
        var email = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(userId))!.Email!;
        var resets = Resets(new SettableClock(Start), scope.ServiceProvider);
        await resets.RequestAsync(email);
        const string newPassword = "the password after the phone was fine";
        Assert.Empty(await resets.ResetAsync(TokenIn((await ResetEmailAsync(email))!), newPassword));

        // Whoever reset it by email still needs the code: a mailbox alone does not open the account.
        using var fresh = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await TwoFactorForms.PasswordAsync(fresh, email, newPassword);
        Assert.Equal(TwoFactorForms.CodePage, signIn.Headers.Location!.AbsolutePath);
        Assert.False(await TwoFactorForms.SignedInAsync(fresh));
    }

    [Fact]
    public async Task A_removed_member_gets_no_link()
    {
        var (userId, email) = await NewMemberAsync();
        Assert.True(await world.Service<TeamService>().RemoveAsync(world.Engineer, userId));
        using var scope = world.Factory.Services.CreateScope();
        await Resets(new SettableClock(Start), scope.ServiceProvider).RequestAsync(email);
        Assert.Null(await ResetEmailAsync(email));
    }
}
