using MasteringPortal.Cli.Portal;

namespace MasteringPortal.Cli;

/// <summary>`mastering tracks --project ID`: the project's tracks in running order, their ids, mixes and latest revision.</summary>
public sealed class TracksCommand : ICliCommand
{
    public string Name => "tracks";

    public string Usage => "mastering tracks --project ID " + PortalArguments.Connection;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        PortalCommandRunner.Run(Name, Usage, () => PortalArguments.ParseTracks(args, PortalCommandRunner.Environment) is { } parsed
            ? ListAsync(parsed.Connection, parsed.ProjectId, stdout) : null, stdout, stderr);

    static async Task<int> ListAsync(PortalConnection connection, Guid projectId, TextWriter stdout)
    {
        using var portal = new PortalClient(connection);
        var tracks = await portal.TracksAsync(projectId, CancellationToken.None);
        if (tracks.Count == 0) stdout.WriteLine("No tracks.");
        foreach (var t in tracks)
        {
            var latest = t.Revisions.Count == 0 ? "no revision yet"
                : t.Revisions[^1] is var r ? $"revision {r.Number} {r.Status}{(r.PostedAt is null ? "" : ", posted")}" : "";
            stdout.WriteLine($"{t.Position,2}. {t.Id}  {t.Title}  (mix: {t.CurrentMix?.Name ?? "none"}; {latest})");
        }
        return CliApp.Success;
    }
}
