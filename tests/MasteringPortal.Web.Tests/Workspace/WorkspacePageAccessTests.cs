using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>The workspace page over HTTP: the engineer gets it; clients and strangers get the same not-found answer, with nothing of the track.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class WorkspacePageAccessTests(PortalWebFixture portal)
{
    async Task<(Guid ProjectId, Guid TrackId, string Title)> TrackOfAsync(Guid projectId)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var track = await db.Tracks.AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Position).FirstAsync();
        return (projectId, track.Id, track.Title);
    }

    [Fact]
    public async Task The_engineer_opens_a_tracks_workspace()
    {
        var (projectId, trackId, title) = await TrackOfAsync(portal.AvaProjects[0].Id);
        using var engineer = portal.NewClient();
        await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var response = await engineer.GetAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(title), html);
        Assert.Contains("data-testid=\"workspace\"", html);
    }

    [Fact]
    public async Task A_client_is_refused_the_workspace_of_their_own_track_and_of_anyone_elses()
    {
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        foreach (var (id, _) in portal.AvaProjects.Concat(portal.BenProjects))
        {
            var (projectId, trackId, title) = await TrackOfAsync(id);
            var response = await ava.GetAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/not-found", new Uri(ava.BaseAddress!, response.Headers.Location!).AbsolutePath);
            Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_engineer_gets_not_found_for_a_track_that_is_not_in_that_project()
    {
        var (projectId, _, _) = await TrackOfAsync(portal.AvaProjects[0].Id);
        var (_, otherTrack, title) = await TrackOfAsync(portal.BenProjects[0].Id);
        using var engineer = portal.NewClient();
        await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var response = await engineer.GetAsync($"/projects/{projectId}/tracks/{otherTrack}/workspace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/not-found", new Uri(engineer.BaseAddress!, response.Headers.Location!).AbsolutePath);
        Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var (projectId, trackId, _) = await TrackOfAsync(portal.AvaProjects[0].Id);
        using var anonymous = portal.NewClient();
        var response = await anonymous.GetAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", new Uri(anonymous.BaseAddress!, response.Headers.Location!).PathAndQuery);
    }
}
