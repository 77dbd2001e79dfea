namespace MasteringPortal.Cli;

/// <summary>
/// One sub-command of `mastering` (analyze, render, …). Implementations are found by reflection, so a new
/// command is one new file: a class with a public parameterless constructor implementing this interface.
/// </summary>
public interface ICliCommand
{
    /// <summary>The word after `mastering`.</summary>
    string Name { get; }

    /// <summary>One usage line, e.g. "mastering analyze FILE [--json]".</summary>
    string Usage { get; }

    /// <summary>Runs with the arguments after the command name; returns the process exit code.</summary>
    int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr);
}
