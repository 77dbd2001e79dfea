using System.Net;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Account;
using MasteringPortal.Web.Features.Clients;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>An invitation link signs a client up once, with role Client and the invitation's client; used, expired and unknown links are refused.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class InvitationSignUpTests(PortalWebFixture portal)
{
    const string GoodPassword = "Tidewater-2026!";

    async Task<(string Url, string Email)> InviteNewClientAsync(string name)
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var service = new InvitationService(portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        var link = await service.CreateClientAndInviteAsync(PortalWebFixture.Principal(portal.EngineerId),
            new NewClientForm { Name = name, Email = email }, "http://localhost/");
        Assert.NotNull(link);
        return (new Uri(link.Url).PathAndQuery, email);
    }

    static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string url, string password) =>
        Forms.SignUpAsync(client, url, "Nova Reyes", password);

    [Fact]
    public async Task A_link_creates_a_client_account_signs_it_in_and_shows_only_that_clients_dashboard()
    {
        var (url, email) = await InviteNewClientAsync("Nova Reyes");
        using var browser = portal.NewClient();
        var response = await SignUpAsync(browser, url, GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/client", new Uri(browser.BaseAddress!, response.Headers.Location!).AbsolutePath);

        var dashboard = await browser.GetAsync("/client");
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("data-testid=\"client-dashboard\"", html);
        Assert.All(portal.AvaProjects.Concat(portal.BenProjects), p => Assert.DoesNotContain(WebUtility.HtmlEncode(p.Title), html));

        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.True(await users.IsInRoleAsync(user, Roles.Client));
        Assert.False(await users.IsInRoleAsync(user, Roles.Engineer));
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var invitation = await db.Invitations.SingleAsync(i => i.Email == email);
        Assert.Equal(invitation.ClientId, user.ClientId);
        Assert.NotNull(invitation.AcceptedAt);
    }

    [Fact]
    public async Task A_used_link_is_refused_on_the_page_and_on_a_replayed_post()
    {
        var (url, email) = await InviteNewClientAsync("Echo Lane");
        using var first = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignUpAsync(first, url, GoodPassword)).StatusCode);

        using var second = portal.NewClient();
        var page = await (await second.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains("already been used", page);
        Assert.DoesNotContain("name=\"Input.Password\"", page);

        // A replay of the form post (token in the body) creates nothing either.
        var loginPage = await (await second.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var replay = await second.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signup",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(loginPage),
            ["Input.Token"] = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + url).Query)["token"]!,
            ["Input.DisplayName"] = "Someone Else",
            ["Input.Password"] = GoodPassword,
            ["Input.ConfirmPassword"] = GoodPassword,
        }));
        Assert.NotEqual(HttpStatusCode.Redirect, replay.StatusCode);
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
    }

    [Fact]
    public async Task An_expired_link_is_refused_with_its_date()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var client = await db.Clients.FirstAsync();
        var (invitation, token) = InvitationTokens.Create(client.StudioId, client.Id, "late@example.org", portal.EngineerId,
            DateTimeOffset.UtcNow.AddDays(-30), TimeSpan.FromDays(14));
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();

        using var browser = portal.NewClient();
        var page = await (await browser.GetAsync($"/account/signup?token={Uri.EscapeDataString(token)}")).Content.ReadAsStringAsync();
        Assert.Contains("This invitation expired on", page);
        Assert.DoesNotContain("name=\"Input.Password\"", page);
    }

    [Theory]
    [InlineData("not-a-real-token")]
    [InlineData("")]
    public async Task An_unknown_link_is_refused(string token)
    {
        using var browser = portal.NewClient();
        var page = await (await browser.GetAsync($"/account/signup?token={token}")).Content.ReadAsStringAsync();
        Assert.Contains("This invitation link is not valid", page);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_identitys_rules_and_leaves_the_link_usable()
    {
        var (url, email) = await InviteNewClientAsync("Mono Bloom");
        using var browser = portal.NewClient();
        var refused = await SignUpAsync(browser, url, "Eleven-ch1!");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Passwords must be at least 12 characters", html);

        var accepted = await SignUpAsync(browser, url, GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email));
    }
}
