using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Configuration;

public sealed class PortalDatabaseInitializerTests : IDisposable
{
    readonly string path = Path.Combine(Path.GetTempPath(), "mp-core-tests", $"init-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }

    PortalDbContext NewContext() => new(PortalDatabase.Options(DatabaseProvider.Sqlite,
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()));

    [Fact]
    public async Task A_new_sqlite_file_gets_the_schema_wal_and_both_roles_and_a_second_start_changes_nothing()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var db = NewContext()) await PortalDatabaseInitializer.InitializeAsync(db);
        await using (var db = NewContext()) await PortalDatabaseInitializer.InitializeAsync(db);

        await using var check = NewContext();
        Assert.Equal(Roles.All.Order(), (await check.Roles.Select(r => r.Name!).ToListAsync()).Order());
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        var mode = await check.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", mode);
    }
}
