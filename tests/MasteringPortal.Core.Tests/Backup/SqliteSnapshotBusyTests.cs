using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Data;
using Microsoft.Data.Sqlite;

namespace MasteringPortal.Core.Tests.Backup;

/// <summary>
/// A backup of an SQLite portal taken while a write holds the database waits for the write instead of failing with
/// "database is locked" (SQLite's backup API does not go through Microsoft.Data.Sqlite's own retries), and the snapshot
/// holds what that write committed.
/// </summary>
public sealed class SqliteSnapshotBusyTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("mp-snapshot-busy-").FullName;

    [Fact]
    public async Task A_snapshot_waits_for_a_write_in_progress_and_holds_what_it_committed()
    {
        var database = Path.Combine(folder, "portal.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString();
        await using var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync();
        await Exec(writer, "CREATE TABLE takes (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO takes (note) VALUES ('first');");

        // A write in progress: an exclusive lock until it commits.
        await Exec(writer, "BEGIN EXCLUSIVE; INSERT INTO takes (note) VALUES ('second');");
        var snapshot = Path.Combine(folder, "snapshot.db");
        var backup = Task.Run(() => DatabaseSnapshot.WriteAsync(new BackupSources(DatabaseProvider.Sqlite, connectionString, folder, folder), snapshot, CancellationToken.None));
        await Task.Delay(700);
        Assert.False(backup.IsCompleted, backup.Exception?.GetBaseException().Message ?? "the snapshot finished while the write held the database");
        await Exec(writer, "COMMIT;");
        await backup.WaitAsync(TimeSpan.FromSeconds(30));

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString());
        await copy.OpenAsync();
        await using var count = copy.CreateCommand();
        count.CommandText = "SELECT group_concat(note, ',') FROM takes ORDER BY id";
        Assert.Equal("first,second", (string?)await count.ExecuteScalarAsync());
    }

    static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
