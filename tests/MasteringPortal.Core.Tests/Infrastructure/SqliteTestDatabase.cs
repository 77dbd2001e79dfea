using MasteringPortal.Core.Data;
using Microsoft.Data.Sqlite;

namespace MasteringPortal.Core.Tests.Infrastructure;

public sealed class SqliteTestDatabase : TestDatabase
{
    readonly string path = Path.Combine(Path.GetTempPath(), "mp-core-tests", $"{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await MigrateAsync();
    }

    public override Task DisposeAsync()
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
        return Task.CompletedTask;
    }
}
