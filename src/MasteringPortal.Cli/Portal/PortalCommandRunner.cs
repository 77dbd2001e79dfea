namespace MasteringPortal.Cli.Portal;

/// <summary>
/// Runs a portal command and turns what went wrong into one line and an exit code: bad usage or a refusal (the token,
/// a project that is not there, a file the portal does not take) exit 2; an unreachable or failing portal exits 1.
/// </summary>
public static class PortalCommandRunner
{
    public static int Run(string name, string usage, Func<Task<int>?> run, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var task = run();
            if (task is null)
            {
                stdout.WriteLine("usage: " + usage);
                return CliApp.Success;
            }
            return task.GetAwaiter().GetResult();
        }
        catch (PortalUsageException e)
        {
            stderr.WriteLine($"mastering {name}: {e.Message}; usage: {usage}");
            return CliApp.UsageOrRefused;
        }
        catch (PortalException e)
        {
            stderr.WriteLine(e.RefusedToken ? e.Message : $"mastering {name}: {e.Message}");
            return e.Retry ? CliApp.Failure : CliApp.UsageOrRefused;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"mastering {name}: {CliApp.OneLine(e.Message)}");
            return CliApp.UsageOrRefused;
        }
    }

    public static string? Environment(string name) => System.Environment.GetEnvironmentVariable(name);
}
