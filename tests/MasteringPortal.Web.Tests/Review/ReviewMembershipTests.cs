using MasteringPortal.Core.Changes;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// A review page stays open for hours. A client taken off a project while their page is open stops receiving its
/// pushes at once, without reloading: the hub's groups are checked again against the database before each push.
/// </summary>
public sealed class ReviewMembershipTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    Task PublishAsync(Guid projectId) => portal.Services.GetRequiredService<IProjectChangeFeed>()
        .PublishAsync(new ProjectChange(projectId, ProjectChangeKind.Project, null, DateTimeOffset.UtcNow));

    [Fact]
    public async Task A_client_taken_off_the_project_receives_nothing_more_while_the_engineer_still_does()
    {
        var project = await portal.NewApprovedProjectAsync();
        var (_, avaCookies) = await ReviewHarness.SignInAsync(portal.Factory, DemoSeeder.ClientEmail);
        var (_, engineerCookies) = await ReviewHarness.SignInAsync(portal.Factory, DemoSeeder.EngineerEmail);
        await using var ava = await ReviewHarness.ConnectAsync(portal.Factory, avaCookies);
        await using var engineer = await ReviewHarness.ConnectAsync(portal.Factory, engineerCookies);
        await ava.Hub.InvokeAsync("Join", project.Id);
        await engineer.Hub.InvokeAsync("Join", project.Id);

        await PublishAsync(project.Id);
        Assert.Equal("Approved", (await ava.NextAsync<ReviewProjectChange>("Project")).Status);
        await engineer.NextAsync<ReviewProjectChange>("Project");

        // The project now belongs to another client of the studio.
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var bensClient = await db.Users.Where(u => u.Id == portal.BenId).Select(u => u.ClientId).SingleAsync();
            var moved = await db.Projects.SingleAsync(p => p.Id == project.Id);
            moved.ClientId = bensClient!.Value;
            await db.SaveChangesAsync();
        }
        await PublishAsync(project.Id);
        await PublishAsync(project.Id);
        await engineer.NextAsync<ReviewProjectChange>("Project");
        await engineer.NextAsync<ReviewProjectChange>("Project");
        // The relay sends one change at a time: once the engineer has the second, the first went to every group it
        // was going to. A round trip on Ava's connection comes after anything the server sent her before it.
        await ava.Hub.InvokeAsync("Leave", Guid.NewGuid());
        Assert.False(ava.HasUnread, "The client taken off the project still received its changes.");
    }
}
