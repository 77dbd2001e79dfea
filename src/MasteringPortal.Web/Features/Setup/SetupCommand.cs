using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// <c>dotnet MasteringPortal.Web.dll setup --studio "…" --currency EUR --owner-name "…" --owner-email … --owner-password-file F</c>:
/// founds the studio for a scripted install and exits without serving. The password is read from the file, or from
/// the first line of standard input when no file is named, never from the command line (it would show in the
/// process list and the shell's history). Refuses when the portal already has a studio, unless
/// <c>--another-studio</c> asks for one more (a host running the portal for several studios).
/// </summary>
public static class SetupCommand
{
    public const string Name = "setup";

    const string Usage = """
        Usage: MasteringPortal.Web setup --studio "Studio name" --owner-name "Your name" --owner-email you@example.com
                                         [--currency EUR] [--owner-password-file FILE] [--another-studio]
        Without --owner-password-file the password is read from the first line of standard input.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Migrates the database (as a start would), founds the studio, and says what happened. Exit code 0 on success.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (!TryParse(args.Skip(1).ToArray(), out var options, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var passwordFile = options.GetValueOrDefault("owner-password-file");
        var password = passwordFile is null ? await input.ReadLineAsync() : await ReadPasswordFileAsync(passwordFile, error);
        if (password is null)
        {
            if (passwordFile is null) await error.WriteLineAsync("No password on standard input.");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
            await PortalDatabaseInitializer.InitializeAsync(services);
        if (await services.GetRequiredService<PortalDbContext>().Studios.AnyAsync() && !options.ContainsKey("another-studio"))
        {
            await error.WriteLineAsync("This portal already has a studio. Add --another-studio to create one more beside it.");
            return 1;
        }
        var result = await services.GetRequiredService<StudioFounding>().FoundAsync(new NewStudioForm
        {
            StudioName = options.GetValueOrDefault("studio") ?? "",
            Currency = options.GetValueOrDefault("currency") ?? "EUR",
            OwnerName = options.GetValueOrDefault("owner-name") ?? "",
            OwnerEmail = options.GetValueOrDefault("owner-email") ?? "",
            OwnerPassword = password.TrimEnd('\r', '\n'),
        });
        if (!result.Succeeded)
        {
            foreach (var message in result.Errors) await error.WriteLineAsync(message);
            return 1;
        }
        await output.WriteLineAsync($"Studio \"{result.Studio!.Name}\" is ready. Start the portal and sign in as {result.Owner!.Email}.");
        return 0;
    }

    static async Task<string?> ReadPasswordFileAsync(string path, TextWriter error)
    {
        try
        {
            return (await File.ReadAllLinesAsync(path)).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The password file {path} cannot be read: {e.Message}");
            return null;
        }
    }

    static readonly string[] Valued = ["studio", "currency", "owner-name", "owner-email", "owner-password-file"];
    static readonly string[] Flags = ["another-studio"];

    static bool TryParse(string[] args, out Dictionary<string, string> options, out string problem)
    {
        options = [];
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--") ? args[i][2..] : "";
            if (Flags.Contains(name)) options[name] = "";
            else if (Valued.Contains(name) && i + 1 < args.Length) options[name] = args[++i];
            else if (name == "owner-password")
            {
                problem = "The password is not taken on the command line (others could read it): use --owner-password-file or standard input.";
                return false;
            }
            else
            {
                problem = $"Unknown or incomplete option: {args[i]}";
                return false;
            }
        }
        return true;
    }
}
