using Npgsql;

namespace MasteringPortal.Testing;

/// <summary>
/// A database of its own on the PostgreSQL server named by MP_TEST_POSTGRES (./test.sh starts one), dropped when
/// disposed. Without the server the test skips, except under CI=true, where it fails.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    readonly string server;
    readonly string name;

    ThrowawayDatabase(string server, string name)
    {
        this.server = server;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("MP_TEST_POSTGRES");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.False(string.IsNullOrWhiteSpace(server), "CI=true but MP_TEST_POSTGRES is not set: ./test.sh starts PostgreSQL.");
        Skip.If(string.IsNullOrWhiteSpace(server), "MP_TEST_POSTGRES is not set: this test needs PostgreSQL (./test.sh starts one).");
        var database = new ThrowawayDatabase(server, $"{prefix}_{Guid.NewGuid():N}");
        await database.RunAsync($"CREATE DATABASE \"{database.name}\"");
        return database;
    }

    async Task RunAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
