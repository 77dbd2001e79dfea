namespace MasteringPortal.Cli;

/// <summary>
/// Dispatches `mastering COMMAND ...` to the matching <see cref="ICliCommand"/>. Exit codes: 0 success,
/// 2 bad usage or a refused file (one line on stderr), 1 an unexpected failure.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageOrRefused = 2;

    /// <summary>
    /// Every command, listed here rather than found by reflection: the CLI can then be compiled ahead of time
    /// (Native AOT), where a type nothing names is trimmed away. A test checks that every ICliCommand is listed.
    /// </summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } = new ICliCommand[]
    {
        new AnalyzeCommand(),
        new RenderCommand(),
        new ProjectsCommand(),
        new TracksCommand(),
        new PushCommand(),
    }.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            stderr.WriteLine($"usage: {UsageLine}");
            return UsageOrRefused;
        }
        if (args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine("usage:");
            foreach (var c in Commands) stdout.WriteLine("  " + c.Usage);
            return Success;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"mastering: unknown command '{args[0]}'; usage: {UsageLine}");
            return UsageOrRefused;
        }
        try
        {
            return command.Run(args[1..], stdout, stderr);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: still one line, no stack trace.
            stderr.WriteLine($"mastering {command.Name}: something went wrong ({e.GetType().Name}: {OneLine(e.Message)})");
            return Failure;
        }
    }

    private static string UsageLine => string.Join(" | ", Commands.Select(c => c.Usage));

    /// <summary>Messages go to a terminal or a log line: never more than one line.</summary>
    public static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
