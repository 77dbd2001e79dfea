using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Team;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>Changing a password and "sign out everywhere" end every other session of the account at once.</summary>
public sealed class SessionTests(TeamWorld world) : IClassFixture<TeamWorld>
{
    static async Task<bool> SignedInAsync(HttpClient client) => (await client.GetAsync("/engineer")).StatusCode == HttpStatusCode.OK;

    static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next) =>
        await Forms.SubmitAsync(client, "/account/password", "password", new()
        {
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = next,
        });

    async Task<(HttpClient Here, HttpClient Elsewhere, string Email)> TwoSessionsAsync(string name)
    {
        var (here, userId, _) = await world.JoinAsync(TeamRole.Engineer, name);
        var email = (await world.Service<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByIdAsync(userId))!.Email!;
        var elsewhere = world.NewClient();
        await Forms.SignInAsync(elsewhere, email, TeamWorld.MemberPassword);
        Assert.True(await SignedInAsync(here) && await SignedInAsync(elsewhere));
        return (here, elsewhere, email);
    }

    [Fact]
    public async Task A_changed_password_keeps_this_session_and_ends_the_others()
    {
        var (here, elsewhere, email) = await TwoSessionsAsync("Ruth");
        const string next = "a brand new passphrase";

        var wrongCurrent = await ChangePasswordAsync(here, "not my password at all", next);
        Assert.Contains("current password is not right", await wrongCurrent.Content.ReadAsStringAsync());
        var tooShort = await ChangePasswordAsync(here, TeamWorld.MemberPassword, "short one");
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync());

        var changed = await ChangePasswordAsync(here, TeamWorld.MemberPassword, next);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await SignedInAsync(here));
        Assert.False(await SignedInAsync(elsewhere));

        using var fresh = world.NewClient();
        await Forms.SignInAsync(fresh, email, next);
        Assert.True(await SignedInAsync(fresh));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_account()
    {
        var (here, elsewhere, _) = await TwoSessionsAsync("Omar");
        var page = await here.GetStringAsync("/account/password");
        var response = await here.PostAsync("/account/signout-everywhere", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await SignedInAsync(here));
        Assert.False(await SignedInAsync(elsewhere));
    }
}
