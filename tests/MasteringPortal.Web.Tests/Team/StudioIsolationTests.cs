using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Clients;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Features.Setup;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Review;
using MasteringPortal.Web.Demo;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Team;

/// <summary>
/// A second studio in the same database (a host serving several studios): its owner and team see nothing of the demo
/// studio, through pages, files, the review hub, the command path, the team and client services, or the jobs dashboard.
/// </summary>
public sealed class StudioIsolationTests(StudioIsolationTests.TwoStudios world) : IClassFixture<StudioIsolationTests.TwoStudios>
{
    public sealed class TwoStudios : DemoWorld
    {
        public const string OwnerEmail = "owner@northroom.example";
        public const string OwnerPassword = "a quiet room up north";

        public System.Security.Claims.ClaimsPrincipal Owner { get; private set; } = default!;
        public Guid OtherStudioId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var scope = Factory.Services.CreateScope();
            var founded = await scope.ServiceProvider.GetRequiredService<StudioFounding>().FoundAsync(new NewStudioForm
            {
                StudioName = "North Room Mastering", Currency = "GBP", OwnerName = "Ines North",
                OwnerEmail = OwnerEmail, OwnerPassword = OwnerPassword,
            });
            Assert.Empty(founded.Errors);
            OtherStudioId = founded.Studio!.Id;
            Owner = DemoPeople.Principal(founded.Owner!.Id);
        }

        public T Service<T>() where T : notnull => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<T>();
    }

    async Task<(Guid ProjectId, Guid FileId)> DemoProjectWithFileAsync()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.FileAssets.Where(f => db.Projects.Any(p => p.Id == f.ProjectId && p.StudioId == world.StudioId))
            .Select(f => new ValueTuple<Guid, Guid>(f.ProjectId, f.Id)).FirstAsync();
    }

    Task<(HttpClient Http, CookieContainer Cookies)> SignedInOwnerAsync() =>
        ReviewHarness.SignInAsync(world.Factory, TwoStudios.OwnerEmail, TwoStudios.OwnerPassword);

    [Fact]
    public async Task The_other_studios_owner_sees_none_of_the_demo_studios_pages_or_files()
    {
        var (projectId, fileId) = await DemoProjectWithFileAsync();
        var (http, _) = await SignedInOwnerAsync();

        var dashboard = await http.GetAsync("/engineer");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("No projects yet", html);
        Assert.DoesNotContain("Glasshouse", html);

        // The project page answers as for a project that does not exist: it sends the browser to /not-found.
        var page = await http.GetAsync($"/projects/{projectId}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/not-found", new Uri(http.BaseAddress!, page.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/files/{fileId}/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/projects/{projectId}/delivery.zip")).StatusCode);
        Assert.DoesNotContain("Glasshouse", await http.GetStringAsync("/clients"));
    }

    [Fact]
    public async Task The_other_studios_owner_cannot_join_a_demo_project_on_the_review_hub()
    {
        var (projectId, _) = await DemoProjectWithFileAsync();
        var (_, cookies) = await SignedInOwnerAsync();
        await using var hub = await ReviewHarness.ConnectAsync(world.Factory, cookies);
        await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync("Join", projectId));
    }

    [Fact]
    public async Task Commands_team_and_client_services_refuse_the_other_studios_owner()
    {
        var (projectId, _) = await DemoProjectWithFileAsync();
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var before = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId);
            foreach (var action in Enum.GetValues<ProjectAction>())
                Assert.False((await world.Service<ProjectCommands>().RunAsync(world.Owner, projectId, action)).Succeeded, $"{action}");
            var after = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId);
            Assert.Equal(before.Status, after.Status);
        }

        var members = await world.Service<TeamService>().MembersAsync(world.Owner);
        Assert.NotNull(members);
        Assert.Single(members);
        Assert.False(await world.Service<TeamService>().RemoveAsync(world.Owner, world.EngineerId));
        Assert.Null(await world.Service<InvitationService>().InviteExistingAsync(world.Owner, world.AvaClientId, "http://localhost/"));
        Assert.Null(await world.Service<InvitationService>().InviteMemberAsync(world.Owner, world.AvaClientId, "spy@northroom.example", "http://localhost/"));

        // And the other way round: the demo studio's owner cannot take the new studio's owner off their team.
        await using var check = await world.Db.CreateDbContextAsync();
        var otherOwnerId = await check.Users.Where(u => u.StudioId == world.OtherStudioId).Select(u => u.Id).SingleAsync();
        Assert.False(await world.Service<TeamService>().RemoveAsync(world.Engineer, otherOwnerId));
    }

    [Fact]
    public async Task With_two_studios_the_jobs_dashboard_is_closed_to_both_owners()
    {
        var (http, _) = await SignedInOwnerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/jobs")).StatusCode);
        using var demoOwner = world.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.SignInAsync(demoOwner, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await demoOwner.GetAsync("/jobs")).StatusCode);
    }
}
