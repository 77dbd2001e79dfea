using MasteringPortal.Core.Data;
using Npgsql;

namespace MasteringPortal.Core.Tests.Infrastructure;

/// <summary>
/// Creates "mp_core_&lt;guid&gt;" on the server named by MP_TEST_POSTGRES (a server connection string,
/// e.g. "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres") and drops it afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string EnvironmentVariable = "MP_TEST_POSTGRES";
    readonly string databaseName = $"mp_core_{Guid.NewGuid():N}";
    string serverConnectionString = "";

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            SkipReason = $"{EnvironmentVariable} is not set: PostgreSQL tests need a server (./test.sh starts one).";
            return;
        }
        serverConnectionString = server;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ToString();
        await MigrateAsync();
    }

    public override async Task DisposeAsync()
    {
        if (SkipReason is not null || serverConnectionString == "") return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
