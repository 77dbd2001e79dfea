using System.Diagnostics;
using MasteringPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MasteringPortal.Core.Backup;

/// <summary>
/// A consistent copy of the database while the portal runs, and its way back: SQLite through its online backup API
/// (a transaction-consistent copy page by page, writers wait only briefly), PostgreSQL through pg_dump's custom
/// format (one snapshot transaction) and pg_restore.
/// </summary>
public static class DatabaseSnapshot
{
    public const string SqliteFile = "portal.db";
    public const string PostgresFile = "portal.pgdump";

    public static string FileNameFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? SqliteFile : PostgresFile;

    /// <summary>Writes the snapshot to <paramref name="path"/> (through a temporary name, renamed when complete).</summary>
    public static async Task WriteAsync(BackupSources sources, string path, CancellationToken ct)
    {
        var partial = path + ".partial";
        File.Delete(partial);
        if (sources.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(sources.ConnectionString);
            await source.OpenAsync(ct);
            // The online backup reads under a shared lock; a write in progress holds it off for a moment. Without a busy
            // timeout on the connection SQLite answers "database is locked" at once (Microsoft.Data.Sqlite retries its
            // commands itself, not the backup API), so a backup of a busy portal failed; with it, SQLite waits up to 30 s.
            await using (var busy = source.CreateCommand())
            {
                busy.CommandText = "PRAGMA busy_timeout = 30000;";
                await busy.ExecuteNonQueryAsync(ct);
            }
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
            }
        }
        else
        {
            var (env, args) = PostgresArguments(sources.ConnectionString);
            await RunAsync("pg_dump", [.. args, "--format=custom", "--no-owner", "--no-privileges", "--file", partial], env, ct);
        }
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Puts the snapshot at <paramref name="path"/> back as the install's database.</summary>
    public static async Task RestoreAsync(BackupSources sources, string path, CancellationToken ct)
    {
        if (sources.Provider == DatabaseProvider.Sqlite)
        {
            var target = new SqliteConnectionStringBuilder(sources.ConnectionString).DataSource;
            SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var partial = target + ".restoring";
            File.Copy(path, partial, overwrite: true);
            foreach (var sidecar in new[] { "-wal", "-shm" }) File.Delete(target + sidecar);
            File.Move(partial, target, overwrite: true);
        }
        else
        {
            var (env, args) = PostgresArguments(sources.ConnectionString);
            await RunAsync("pg_restore", [.. args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", path], env, ct);
        }
    }

    /// <summary>Connection facts as pg_dump/pg_restore arguments; the password goes in the environment, never on a command line.</summary>
    static (Dictionary<string, string> Env, string[] Args) PostgresArguments(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var env = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(c.Password)) env["PGPASSWORD"] = c.Password;
        var args = new List<string> { "--host", c.Host ?? "localhost", "--port", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(c.Username)) args.AddRange(["--username", c.Username]);
        args.AddRange(["--dbname", c.Database ?? "postgres"]);
        return (env, args.ToArray());
    }

    static async Task RunAsync(string tool, string[] args, Dictionary<string, string> env, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new BackupException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupException($"{tool} is needed for a PostgreSQL database and is not installed (apt-get install postgresql-client).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0) throw new BackupException($"{tool} failed: {(await stderr).Trim()}");
        }
    }
}
