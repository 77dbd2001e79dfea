using MasteringPortal.Core.Backup;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The app's own administration commands, run by the same binary with the same configuration as the portal and
/// exiting without serving: <c>backup --to DIR</c> (while the portal runs) and <c>restore --from DIR [--force]</c>
/// (into a stopped install). Any other arguments are configuration, as for the portal itself
/// (e.g. <c>--Database:Provider Postgres</c>).
/// </summary>
public static class AdminCommands
{
    public const string Usage = """
        Usage:
          MasteringPortal.Web backup --to DIR            back up the database, sign-in keys and files into DIR
          MasteringPortal.Web restore --from DIR [--force]
                                                         restore a backup into this install (stop the portal first;
                                                         --force replaces an install that is in use)
        """;

    /// <summary>Runs a command and returns its exit code, or null when <paramref name="args"/> names none (serve).</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore")) return null;
        var command = args[0];
        var (folder, force, rest) = Parse(args[1..], command == "backup" ? "--to" : "--from");
        if (folder is null)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var builder = WebApplication.CreateBuilder(PortalPaths.HostOptions(rest));
        var sources = BackupSources.From(builder.Configuration, builder.Environment.ContentRootPath);
        try
        {
            if (command == "backup")
            {
                var result = await PortalBackup.CreateAsync(sources, folder, TimeProvider.System, new SynchronousProgress(output));
                await output.WriteLineAsync($"{result.FilesCopied} new files copied ({result.BytesCopied / (1 << 20)} MiB), {result.FilesAlreadyThere} already in the backup.");
            }
            else
            {
                await PortalRestore.RunAsync(sources, folder, force, new SynchronousProgress(output));
            }
            return 0;
        }
        catch (BackupException refused)
        {
            await errors.WriteLineAsync(refused.Message);
            return 1;
        }
    }

    static (string? Folder, bool Force, string[] Others) Parse(string[] args, string folderOption)
    {
        string? folder = null;
        var force = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == folderOption && i + 1 < args.Length) folder = args[++i];
            else if (args[i] == "--force") force = true;
            else rest.Add(args[i]);
        }
        return (folder, force, rest.ToArray());
    }

    /// <summary>Writes each line as it is reported, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    sealed class SynchronousProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
