using System.Diagnostics;
using MasteringPortal.Testing;
using Microsoft.Data.Sqlite;

namespace MasteringPortal.Web.Tests.Setup;

/// <summary>
/// <c>dotnet MasteringPortal.Web.dll setup …</c> as a scripted install runs it: a real process on a fresh database,
/// which founds the studio and exits without serving.
/// </summary>
public sealed class SetupCommandTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("mp-setup-cli-").FullName;

    string Database => Path.Combine(data, "portal.db");

    async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = data,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["MASTERINGPORTAL_ROOT"] = PortalFactory.RepositoryRoot;
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Database}";
        start.Environment["Storage__Root"] = Path.Combine(data, "files");
        start.Environment["DataProtection__KeysPath"] = Path.Combine(data, "keys");
        start.Environment["Demo__Seed"] = "false";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await output, await error);
    }

    static readonly string[] Owner =
        ["setup", "--studio", "Harbour Cut", "--currency", "usd", "--owner-name", "Ines Vale", "--owner-email", "ines@harbour.example"];

    [Fact]
    public async Task Setup_founds_the_studio_with_the_password_from_stdin_and_exits()
    {
        var (exit, output, error) = await RunAsync("a long quiet harbour", Owner);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains("Harbour Cut", output);

        await using var db = new SqliteConnection($"Data Source={Database};Pooling=false");
        await db.OpenAsync();
        var query = db.CreateCommand();
        query.CommandText = """
            SELECT s."Name", s."Currency", r."Name" FROM "Studios" s JOIN "AspNetUsers" u ON u."StudioId" = s."Id"
            JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE u."NormalizedEmail" = 'INES@HARBOUR.EXAMPLE' ORDER BY r."Name"
            """;
        var rows = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)}/{reader.GetString(1)}/{reader.GetString(2)}");
        Assert.Equal(["Harbour Cut/USD/Engineer", "Harbour Cut/USD/Owner"], rows);

        // A second run finds the studio and founds nothing more.
        var (again, _, refusal) = await RunAsync("a long quiet harbour", Owner);
        Assert.Equal(1, again);
        Assert.Contains("already has a studio", refusal);
    }

    [Fact]
    public async Task Setup_reads_the_password_file_and_refuses_a_short_password()
    {
        var file = Path.Combine(data, "password.txt");
        await File.WriteAllTextAsync(file, "too-short\n");
        var (exit, _, error) = await RunAsync("", [.. Owner, "--owner-password-file", file]);
        Assert.Equal(1, exit);
        Assert.Contains("at least 12 characters", error);
    }

    [Fact]
    public async Task Setup_refuses_a_password_on_the_command_line()
    {
        var (exit, _, error) = await RunAsync("", [.. Owner, "--owner-password", "a long quiet harbour"]);
        Assert.Equal(2, exit);
        Assert.Contains("not taken on the command line", error);
        Assert.False(File.Exists(Database));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
