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
public sealed class PortalWebFixture : DemoWorld
{
    public IReadOnlyList<(Guid Id, string Title)> AvaProjects { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Title)> BenProjects { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        AvaProjects = (await db.Projects.AsNoTracking().Where(p => p.ClientId == People.AvaClientId).Select(p => new { p.Id, p.Title }).ToListAsync())
            .Select(p => (p.Id, p.Title)).ToList();
        BenProjects = (await db.Projects.AsNoTracking().Where(p => p.ClientId == People.BenClientId).Select(p => new { p.Id, p.Title }).ToListAsync())
            .Select(p => (p.Id, p.Title)).ToList();
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (so tests see them).</summary>
    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>The user as the services see a signed-in request: access rules read the rest from the database.</summary>
    public static ClaimsPrincipal Principal(string userId) => DemoPeople.Principal(userId);
}

[CollectionDefinition(Name)]
public sealed class PortalWebCollection : ICollectionFixture<PortalWebFixture>
{
    public const string Name = "portal over HTTP";
}
