using MasteringPortal.Cli.Portal;

namespace MasteringPortal.Cli;

/// <summary>`mastering push MASTER.wav --project ID --track ID [--note "…"] [--post]`: a desk's master becomes a revision (<see cref="MasterPush"/>).</summary>
public sealed class PushCommand : ICliCommand
{
    public string Name => "push";

    public string Usage => "mastering push MASTER.wav --project ID --track ID [--note \"…\"] [--post] [--timeout SECONDS] " + PortalArguments.Connection;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        PortalCommandRunner.Run(Name, Usage, () => PortalArguments.ParsePush(args, PortalCommandRunner.Environment) is { } request
            ? PushAsync(request, stdout, stderr) : null, stdout, stderr);

    static async Task<int> PushAsync(PushRequest request, TextWriter stdout, TextWriter stderr)
    {
        using var portal = new PortalClient(request.Connection);
        return await new MasterPush(portal, stdout, stderr, TimeProvider.System).RunAsync(request, CancellationToken.None);
    }
}
