using System.Net;
using MasteringPortal.Web.Demo;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>A client sees only their own projects, on every page that exists; engineer pages refuse clients; anonymous users are sent to sign in.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class ProjectIsolationTests(PortalWebFixture portal)
{
    [Fact]
    public async Task Client_gets_not_found_for_another_clients_project_page_without_its_title()
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        foreach (var (id, title) in portal.BenProjects)
        {
            var response = await ava.GetAsync($"/projects/{id}");
            await AssertSentToNotFoundAsync(ava, response, title);
        }
    }

    [Fact]
    public async Task Client_gets_not_found_for_a_project_that_does_not_exist_the_same_way()
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var response = await ava.GetAsync($"/projects/{Guid.NewGuid()}");
        await AssertSentToNotFoundAsync(ava, response, title: null);
    }

    /// <summary>Redirected to /not-found, which says "Page not found", and nothing of the project leaks on the way.</summary>
    static async Task AssertSentToNotFoundAsync(HttpClient client, HttpResponseMessage response, string? title)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/not-found", new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath);
        if (title is not null) Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
        var page = await client.GetAsync(response.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        if (title is not null) Assert.DoesNotContain(title, html);
    }

    [Fact]
    public async Task Client_sees_their_own_project_page()
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var (id, title) = portal.AvaProjects[0];
        var response = await ava.GetAsync($"/projects/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(title), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Client_dashboard_lists_only_their_own_projects()
    {
        using var ben = portal.NewClient();
        await Forms.SignInAsync(ben, DemoSeeder.SecondClientEmail, DemoSeeder.Password);
        var response = await ben.GetAsync("/client");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"client-dashboard\"", html);
        Assert.All(portal.BenProjects, p => Assert.Contains(WebUtility.HtmlEncode(p.Title), html));
        Assert.All(portal.AvaProjects, p => Assert.DoesNotContain(WebUtility.HtmlEncode(p.Title), html));
    }

    [Fact]
    public async Task Engineer_sees_every_project_of_the_studio_on_the_dashboard()
    {
        using var engineer = portal.NewClient();
        await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var html = await (await engineer.GetAsync("/engineer")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"engineer-dashboard\"", html);
        Assert.All(portal.AvaProjects.Concat(portal.BenProjects), p => Assert.Contains(WebUtility.HtmlEncode(p.Title), html));
    }

    [Theory]
    [InlineData("/engineer")]
    [InlineData("/studio")]
    [InlineData("/clients")]
    [InlineData("/projects/new")]
    public async Task Engineer_pages_refuse_clients(string url)
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var response = await ava.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/not-found", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("data-testid", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/engineer")]
    [InlineData("/client")]
    [InlineData("/studio")]
    [InlineData("/clients")]
    [InlineData("/projects/new")]
    public async Task Anonymous_users_are_sent_to_sign_in(string url)
    {
        using var anonymous = portal.NewClient();
        var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_from_a_project_page_without_its_title()
    {
        using var anonymous = portal.NewClient();
        var (id, title) = portal.AvaProjects[0];
        var response = await anonymous.GetAsync($"/projects/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
    }
}
