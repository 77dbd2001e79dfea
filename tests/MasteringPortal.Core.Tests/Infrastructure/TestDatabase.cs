using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Infrastructure;

/// <summary>
/// A real, migrated database for one test class. Subclasses: a temp SQLite file, or a uniquely named
/// PostgreSQL database on the server in MP_TEST_POSTGRES (skipped with a visible reason when unset).
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }
    public string? SkipReason { get; protected set; }
    /// <summary>The connection string of this database (the backup tests hand it to the backup as the app would).</summary>
    public string ConnectionString { get; protected set; } = "";

    public PortalDbContext CreateContext() => new(PortalDatabase.Options(Provider, ConnectionString));

    public abstract Task InitializeAsync();
    public abstract Task DisposeAsync();

    protected async Task MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }
}
