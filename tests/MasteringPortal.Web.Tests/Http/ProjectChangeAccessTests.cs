using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Account;
using MasteringPortal.Web.Features.Clients;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.StudioSettings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>
/// Every change the pages can make goes through these services; a client gets nowhere with another
/// client's project, and engineer-only services do nothing for a client.
/// </summary>
[Collection(PortalWebCollection.Name)]
public sealed class ProjectChangeAccessTests(PortalWebFixture portal)
{
    IDbContextFactory<PortalDbContext> Factory => portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    [Fact]
    public async Task A_client_cannot_open_another_clients_project_for_changes()
    {
        foreach (var (id, _) in portal.BenProjects)
            Assert.Null(await ProjectSession.OpenAsync(Factory, PortalWebFixture.Principal(portal.AvaId), id));
    }

    [Fact]
    public async Task Access_is_checked_again_on_every_change()
    {
        var draftId = portal.AvaProjects.Single(p => p.Title == "Paper Lanterns").Id;
        await using var session = await ProjectSession.OpenAsync(Factory, PortalWebFixture.Principal(portal.AvaId), draftId);
        Assert.NotNull(session);

        // Ava's user is moved to Ben's client while her page is open.
        await using (var db = await Factory.CreateDbContextAsync())
        {
            var benClientId = (await db.Users.SingleAsync(u => u.Id == portal.BenId)).ClientId;
            var avaClientId = (await db.Users.SingleAsync(u => u.Id == portal.AvaId)).ClientId;
            await db.Users.Where(u => u.Id == portal.AvaId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ClientId, benClientId));
            try
            {
                var outcome = await session.AddTrackAsync(TestCommands.For(Factory), "Sneaky extra track");
                Assert.False(outcome.Succeeded);
                Assert.Equal("You no longer have access to this project.", outcome.Message);
                Assert.False(await db.Tracks.AnyAsync(t => t.Title == "Sneaky extra track"));
            }
            finally
            {
                await db.Users.Where(u => u.Id == portal.AvaId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ClientId, avaClientId));
            }
        }
    }

    [Fact]
    public async Task Engineer_only_services_do_nothing_for_a_client()
    {
        var ava = PortalWebFixture.Principal(portal.AvaId);
        Assert.Null(await new StudioSettingsService(Factory).LoadAsync(ava));
        Assert.False(await new StudioSettingsService(Factory).SaveAsync(ava, new StudioSettingsForm { Name = "Hijacked", PricePerTrack = 1 }));
        Assert.Null(await new InvitationService(Factory).CreateClientAndInviteAsync(ava, new NewClientForm { Name = "X", Email = "x@example.org" }, "http://localhost/"));
        Assert.Empty(await new InvitationService(Factory).ClientsAsync(ava));
        Assert.Null(await new NewProjectService(Factory).ChoicesAsync(ava));
        var anyClient = (await (await Factory.CreateDbContextAsync()).Clients.FirstAsync()).Id;
        Assert.Null(await TestCommands.For(Factory).CreateProjectAsync(ava, new NewProjectForm { ClientId = anyClient, Title = "Mine now" }));
        await using var db = await Factory.CreateDbContextAsync();
        Assert.NotEqual("Hijacked", (await db.Studios.SingleAsync()).Name);
    }

    [Fact]
    public async Task The_workflow_offers_a_client_only_their_own_legal_actions_and_refuses_others_with_a_message()
    {
        var reviewId = portal.AvaProjects.Single(p => p.Title == "Tidewater EP").Id;
        await using var asAva = await ProjectSession.OpenAsync(Factory, PortalWebFixture.Principal(portal.AvaId), reviewId);
        Assert.NotNull(asAva);
        Assert.Equal(ProjectStatus.InReview, asAva.Project.Status);
        Assert.Contains(Core.Workflow.ProjectAction.Approve, asAva.AvailableActions);
        Assert.Contains(Core.Workflow.ProjectAction.RequestChanges, asAva.AvailableActions);
        Assert.DoesNotContain(Core.Workflow.ProjectAction.MarkPaid, asAva.AvailableActions);

        var refused = await asAva.RunAsync(TestCommands.For(Factory), Core.Workflow.ProjectAction.MarkPaid);
        Assert.False(refused.Succeeded);
        Assert.Equal("Only the engineer or the payment system can mark a project as paid.", refused.Message);
        Assert.Equal(ProjectStatus.InReview, asAva.Project.Status);
    }
}
