using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing;

/// <summary>
/// The people of the seeded demo world, read once from a running portal: the studio, its engineer, and the clients
/// Ava and Ben. Every test world starts from these, so the lookup lives here once.
/// </summary>
public sealed record DemoPeople(string EngineerId, string AvaId, string BenId, Guid StudioId, Guid AvaClientId, Guid BenClientId)
{
    public ClaimsPrincipal Engineer => Principal(EngineerId);
    public ClaimsPrincipal Ava => Principal(AvaId);
    public ClaimsPrincipal Ben => Principal(BenId);

    /// <summary>A new, unsaved project of Ava's in the demo studio; the caller adds its tracks, files and other fields.</summary>
    public Project NewProjectOfAvas(string title, ProjectStatus status, ProjectKind kind = ProjectKind.Single) =>
        new() { StudioId = StudioId, ClientId = AvaClientId, Title = title, Kind = kind, Status = status };

    /// <summary>The user as the services see a signed-in request: access rules read the rest from the database.</summary>
    public static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    /// <summary>Reads the demo users of the portal whose services these are (the demo seed must have run).</summary>
    public static async Task<DemoPeople> ReadAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Email == DemoSeeder.EngineerEmail || u.Email == DemoSeeder.ClientEmail || u.Email == DemoSeeder.SecondClientEmail)
            .ToListAsync();
        var engineer = users.Single(u => u.Email == DemoSeeder.EngineerEmail);
        var ava = users.Single(u => u.Email == DemoSeeder.ClientEmail);
        var ben = users.Single(u => u.Email == DemoSeeder.SecondClientEmail);
        return new DemoPeople(engineer.Id, ava.Id, ben.Id, ava.StudioId, ava.ClientId!.Value, ben.ClientId!.Value);
    }
}
