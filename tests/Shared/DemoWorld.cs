using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing;

/// <summary>
/// A portal of its own with the demo world seeded (studio, engineer, the clients Ava and Ben, their projects) in a
/// temp SQLite database and storage folder, and the demo's people read once it has started. Test fixtures derive
/// from it and add the helpers their tests need.
/// </summary>
public abstract class DemoWorld : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new(seedDemo: true);
    public IDbContextFactory<PortalDbContext> Db => Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    public DemoPeople People { get; private set; } = default!;

    public string EngineerId => People.EngineerId;
    public string AvaId => People.AvaId;
    public string BenId => People.BenId;
    public Guid AvaClientId => People.AvaClientId;
    public Guid StudioId => People.StudioId;
    public ClaimsPrincipal Engineer => People.Engineer;
    public ClaimsPrincipal Ava => People.Ava;
    public ClaimsPrincipal Ben => People.Ben;

    public virtual async Task InitializeAsync()
    {
        StartHost(); // migrations, roles, and the seed when the host runs it
        await DemoSeeder.SeedAsync(Factory.Services, CancellationToken.None); // idempotent: a no-op if start-up seeded already
        People = await DemoPeople.ReadAsync(Factory.Services);
    }

    /// <summary>Starts the portal in memory; a world that needs a real port (a CLI, a browser) serves it with Kestrel instead.</summary>
    protected virtual void StartHost() => _ = Factory.Server;

    public virtual Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
