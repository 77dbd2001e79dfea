using MasteringPortal.Core.Data;

namespace MasteringPortal.Core.Tests.Infrastructure;

/// <summary>Base of test classes that run once per provider: each test starts with <see cref="Db"/>.</summary>
public abstract class DatabaseTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    protected TDatabase Database { get; } = database;

    /// <summary>A new context on the class's database; skips the test (visibly) when the provider is unavailable.</summary>
    protected PortalDbContext Db()
    {
        Skip.If(Database.SkipReason is not null, Database.SkipReason);
        return Database.CreateContext();
    }
}
