using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Infrastructure;

/// <summary>
/// A fresh studio with its engineer and two clients (A and B), each client with one user and one draft
/// project of one track. Every call makes new rows, so tests sharing a database do not see each other.
/// </summary>
public sealed record StudioSeed(
    Studio Studio,
    PortalViewer Engineer,
    Client ClientA, PortalViewer ClientAUser, Project ProjectA,
    Client ClientB, PortalViewer ClientBUser, Project ProjectB)
{
    public static async Task<StudioSeed> CreateAsync(PortalDbContext db)
    {
        var engineerRole = await EnsureRoleAsync(db, Roles.Engineer);
        var clientRole = await EnsureRoleAsync(db, Roles.Client);

        var studio = new Studio
        {
            Name = "Northlight Mastering", Currency = "EUR", PricePerTrackMinor = 60_00, EpPackagePriceMinor = 250_00,
            AlbumPackagePriceMinor = 600_00, IncludedRevisionRounds = 2, ExtraRoundPriceMinor = 40_00, TurnaroundDays = 5,
        };
        db.Studios.Add(studio);
        var engineer = User(studio.Id, null, "Sam Engineer");
        db.Users.Add(engineer);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = engineer.Id, RoleId = engineerRole.Id });

        (Client, PortalUser, Project) MakeClient(string name)
        {
            var client = new Client { StudioId = studio.Id, Name = name, ContactName = name + " Manager", Email = $"{Guid.NewGuid():N}@example.test" };
            var user = User(studio.Id, client.Id, name + " User");
            var project = new Project { StudioId = studio.Id, ClientId = client.Id, Title = name + " – Debut", Kind = ProjectKind.Single };
            project.Tracks.Add(new Track { ProjectId = project.Id, Title = "Opening", Position = 1 });
            db.Clients.Add(client);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = clientRole.Id });
            db.Projects.Add(project);
            return (client, user, project);
        }

        var (clientA, userA, projectA) = MakeClient("Lumen Quartet");
        var (clientB, userB, projectB) = MakeClient("Echo Harbour");
        await db.SaveChangesAsync();
        return new StudioSeed(studio,
            new PortalViewer(engineer.Id, studio.Id, null, TeamRole.Engineer),
            clientA, new PortalViewer(userA.Id, studio.Id, clientA.Id, null), projectA,
            clientB, new PortalViewer(userB.Id, studio.Id, clientB.Id, null), projectB);
    }

    static PortalUser User(Guid studioId, Guid? clientId, string name)
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        return new PortalUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = name, StudioId = studioId, ClientId = clientId, SecurityStamp = Guid.NewGuid().ToString(),
        };
    }

    static async Task<IdentityRole> EnsureRoleAsync(PortalDbContext db, string name)
    {
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == name);
        if (role is not null) return role;
        role = new IdentityRole(name) { NormalizedName = name.ToUpperInvariant() };
        db.Roles.Add(role);
        await db.SaveChangesAsync();
        return role;
    }
}
