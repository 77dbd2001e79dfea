using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>
/// The real portal with the demo studio in its own temp SQLite database, plus what the tests need to
/// know about the seed: each client's project ids and titles, and the users as principals.
/// </summary>
public sealed class PortalWebFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new(seedDemo: true);

    public IReadOnlyList<(Guid Id, string Title)> AvaProjects { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Title)> BenProjects { get; private set; } = [];
    public string EngineerId { get; private set; } = "";
    public string AvaId { get; private set; } = "";
    public string BenId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _ = Factory.Server; // starts the host: migrations, roles, and the seed when the host runs it
        await DemoSeeder.SeedAsync(Factory.Services, CancellationToken.None); // idempotent: a no-op if start-up seeded already
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var users = await db.Users.AsNoTracking().ToListAsync();
        EngineerId = users.Single(u => u.Email == DemoSeeder.EngineerEmail).Id;
        var ava = users.Single(u => u.Email == DemoSeeder.ClientEmail);
        var ben = users.Single(u => u.Email == DemoSeeder.SecondClientEmail);
        AvaId = ava.Id;
        BenId = ben.Id;
        AvaProjects = (await db.Projects.AsNoTracking().Where(p => p.ClientId == ava.ClientId).Select(p => new { p.Id, p.Title }).ToListAsync())
            .Select(p => (p.Id, p.Title)).ToList();
        BenProjects = (await db.Projects.AsNoTracking().Where(p => p.ClientId == ben.ClientId).Select(p => new { p.Id, p.Title }).ToListAsync())
            .Select(p => (p.Id, p.Title)).ToList();
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (so tests see them).</summary>
    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>The user as the services see a signed-in request: access rules read the rest from the database.</summary>
    public static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalWebCollection : ICollectionFixture<PortalWebFixture>
{
    public const string Name = "portal over HTTP";
}
