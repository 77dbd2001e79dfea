using MasteringPortal.Cli.Portal;

namespace MasteringPortal.Cli;

/// <summary>`mastering projects`: the projects the token reaches, with their ids, so nobody copies ids from a browser.</summary>
public sealed class ProjectsCommand : ICliCommand
{
    public string Name => "projects";

    public string Usage => "mastering projects " + PortalArguments.Connection;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        PortalCommandRunner.Run(Name, Usage, () => PortalArguments.ParseProjects(args, PortalCommandRunner.Environment) is { } connection
            ? ListAsync(connection, stdout) : null, stdout, stderr);

    static async Task<int> ListAsync(PortalConnection connection, TextWriter stdout)
    {
        using var portal = new PortalClient(connection);
        var projects = await portal.ProjectsAsync(CancellationToken.None);
        if (projects.Count == 0) stdout.WriteLine("No projects.");
        foreach (var p in projects)
            stdout.WriteLine($"{p.Id}  {p.StatusText,-17}  {p.Title} ({p.Client}, {p.TrackCount} {(p.TrackCount == 1 ? "track" : "tracks")})");
        return CliApp.Success;
    }
}
