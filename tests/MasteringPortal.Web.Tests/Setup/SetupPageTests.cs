using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Setup;

/// <summary>A portal with no studio is only its set-up page, which the one-time code from the log opens once.</summary>
/// <remarks>
/// The tests that only look (redirects, the API's answer) share one portal that is never set up; each test that
/// submits the form gets a fresh portal of its own, as its code and studio must be its own.
/// </remarks>
public sealed class SetupPageTests(SetupWorld unfounded) : IClassFixture<SetupWorld>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/engineer")]
    [InlineData("/studio")]
    public async Task Every_page_leads_to_set_up_while_there_is_no_studio(string path)
    {
        var response = await unfounded.NewClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_api_says_the_portal_is_not_set_up()
    {
        var response = await unfounded.NewClient().GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not set up", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_founds_nothing()
    {
        using var world = new SetupWorld();
        var code = world.CodeFromLog();
        var wrong = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
        var response = await SetupWorld.SubmitAsync(world.NewClient(), wrong);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("set-up code is not right", await response.Content.ReadAsStringAsync());
        await using var scope = world.Factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<Core.Data.PortalDbContext>().Studios.AnyAsync());
    }

    [Fact]
    public async Task The_code_founds_the_studio_and_its_owner_once_and_the_page_is_gone_after()
    {
        using var world = new SetupWorld();
        var code = world.CodeFromLog();

        // A refused form (password too short) does not use the code up.
        var tooShort = await SetupWorld.SubmitAsync(world.NewClient(), code, "Short-1!");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("data-testid=\"setup-error\"", await tooShort.Content.ReadAsStringAsync());

        var owner = world.NewClient();
        var founded = await SetupWorld.SubmitAsync(owner, code.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, founded.StatusCode);
        Assert.Equal("/studio", new Uri(owner.BaseAddress!, founded.Headers.Location!).AbsolutePath);
        var studioPage = await owner.GetStringAsync("/studio");
        Assert.Contains("Tidal Room", studioPage);
        Assert.DoesNotContain("data-testid=\"demo-banner\"", studioPage);

        await using (var scope = world.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(SetupWorld.OwnerEmail);
            Assert.NotNull(user);
            Assert.Equal(["Engineer", "Owner"], (await users.GetRolesAsync(user)).Order());
            var studio = await scope.ServiceProvider.GetRequiredService<Core.Data.PortalDbContext>().Studios.SingleAsync();
            Assert.Equal(("Tidal Room", "GBP", false, studio.Id), (studio.Name, studio.Currency, studio.IsDemo, user.StudioId));
        }

        // The page is gone, and the code does not work again.
        var again = await world.NewClient().GetAsync("/setup");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/account/login", new Uri(owner.BaseAddress!, again.Headers.Location!).AbsolutePath);
        var flow = world.Factory.Services.GetRequiredService<MasteringPortal.Web.Features.Setup.SetupCode>();
        Assert.False(flow.TryClaim(code));

        using var signIn = world.NewClient();
        await Forms.SignInAsync(signIn, SetupWorld.OwnerEmail, SetupWorld.OwnerPassword);
    }
}
