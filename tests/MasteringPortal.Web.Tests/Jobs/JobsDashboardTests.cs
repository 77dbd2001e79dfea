using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>The Hangfire dashboard at /jobs shows (and can re-run or delete) every job of the studio: engineers only.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class JobsDashboardTests(PortalWebFixture portal)
{
    const string Title = "MasteringPortal jobs";

    [Fact]
    public async Task The_engineer_sees_the_dashboard()
    {
        using var engineer = portal.NewClient();
        await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var response = await engineer.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Title, await response.Content.ReadAsStringAsync());
        // Its inner pages too: the Hangfire server of this host is listed with the portal's queues.
        var servers = await engineer.GetAsync("/jobs/servers");
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
        var html = await servers.Content.ReadAsStringAsync();
        Assert.Contains("analysis", html);
        Assert.Contains("render", html);
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/jobs/enqueued")]
    [InlineData("/jobs/servers")]
    public async Task A_client_is_refused(string path)
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var response = await ava.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(Title, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/jobs/enqueued")]
    public async Task Anonymous_visitors_are_refused(string path)
    {
        using var anonymous = portal.NewClient();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Title, await response.Content.ReadAsStringAsync());
    }
}
