using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Features.Clients;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Team;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>A band or a label: several members of one client, each with their own login, all seeing the client's projects.</summary>
public sealed class ClientMemberTests(TeamWorld world) : IClassFixture<TeamWorld>
{
    InvitationService Invitations => new(world.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());

    [Fact]
    public async Task A_second_member_of_a_client_signs_up_and_sees_the_same_projects()
    {
        var email = $"drummer-{Guid.NewGuid():N}@lumen.example";
        var link = await Invitations.InviteMemberAsync(world.Engineer, world.AvaClientId, email, "http://localhost/");
        Assert.NotNull(link);

        using var member = world.NewClient();
        var response = await Forms.SignUpAsync(member, link.Url, "Ava's drummer", TeamWorld.MemberPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(world.AvaClientId, (await db.Users.SingleAsync(u => u.Email == email)).ClientId);
        var dashboard = await member.GetStringAsync("/client");
        foreach (var title in await db.Projects.Where(p => p.ClientId == world.AvaClientId).Select(p => p.Title).ToListAsync())
            Assert.Contains(title, dashboard);
        foreach (var title in await db.Projects.Where(p => p.ClientId == world.People.BenClientId).Select(p => p.Title).ToListAsync())
            Assert.DoesNotContain(title, dashboard);
    }

    [Fact]
    public async Task Only_an_engineer_of_the_clients_studio_invites_members()
    {
        Assert.Null(await Invitations.InviteMemberAsync(world.Ava, world.AvaClientId, "friend@lumen.example", "http://localhost/"));
        Assert.Null(await Invitations.InviteMemberAsync(world.Engineer, Guid.NewGuid(), "friend@lumen.example", "http://localhost/"));
        Assert.Null(await Invitations.InviteMemberAsync(world.Engineer, world.AvaClientId, "not an address", "http://localhost/"));
    }
}
