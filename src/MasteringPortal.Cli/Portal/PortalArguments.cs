using System.Globalization;

namespace MasteringPortal.Cli.Portal;

/// <summary>Where the portal is and the token to show it.</summary>
public sealed record PortalConnection(Uri Portal, string Token);

/// <summary>`mastering push`: which master goes to which track, and what to do once the portal has analysed it.</summary>
public sealed record PushRequest(PortalConnection Connection, string MasterPath, Guid ProjectId, Guid TrackId, string? Note, bool Post,
    TimeSpan Timeout);

/// <summary>A command line that cannot be run, with the one line that says why (exit 2).</summary>
public sealed class PortalUsageException(string message) : Exception(message);

/// <summary>
/// Parses the portal commands' arguments. Every one takes <c>--portal URL</c> and the token from <c>--token</c> or the
/// environment variable <see cref="TokenVariable"/> (so it stays out of the shell's history). Null means help was asked for.
/// </summary>
public static class PortalArguments
{
    public const string TokenVariable = "MP_TOKEN";
    public const string Connection = "--portal URL [--token TOKEN]";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public static PortalConnection? ParseProjects(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var parsed = Parse(args, environment, [], []);
        return parsed?.Connection;
    }

    public static (PortalConnection Connection, Guid ProjectId)? ParseTracks(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var parsed = Parse(args, environment, ["--project"], []);
        if (parsed is null) return null;
        return (parsed.Connection, Id(parsed, "--project"));
    }

    public static PushRequest? ParsePush(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var parsed = Parse(args, environment, ["--project", "--track", "--note", "--timeout"], ["--post"], takesFile: true);
        if (parsed is null) return null;
        var master = parsed.File ?? throw new PortalUsageException("which master? give the file to push, e.g. mastering push MASTER.wav …");
        var timeout = DefaultTimeout;
        if (parsed.Values.TryGetValue("--timeout", out var text))
            timeout = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds)
                ? TimeSpan.FromSeconds(seconds)
                : throw new PortalUsageException($"--timeout needs a number of seconds above 0, not '{text}'");
        return new PushRequest(parsed.Connection, master, Id(parsed, "--project"), Id(parsed, "--track"),
            parsed.Values.GetValueOrDefault("--note"), parsed.Flags.Contains("--post"), timeout);
    }

    sealed record Parsed(PortalConnection Connection, Dictionary<string, string> Values, HashSet<string> Flags, string? File);

    static Parsed? Parse(IReadOnlyList<string> args, Func<string, string?> environment, string[] options, string[] flags, bool takesFile = false)
    {
        string? portal = null, token = null, file = null;
        var values = new Dictionary<string, string>();
        var set = new HashSet<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i] : throw new PortalUsageException($"{arg} needs a value");
            switch (arg)
            {
                case "-h" or "--help": return null;
                case "--portal": portal = Value(); break;
                case "--token": token = Value(); break;
                default:
                    if (options.Contains(arg)) values[arg] = Value();
                    else if (flags.Contains(arg)) set.Add(arg);
                    else if (takesFile && file is null && !arg.StartsWith('-')) file = arg;
                    else throw new PortalUsageException($"unexpected argument '{arg}'");
                    break;
            }
        }
        if (portal is null) throw new PortalUsageException("which portal? give --portal URL, e.g. --portal https://portal.example.com");
        if (!Uri.TryCreate(portal, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PortalUsageException($"--portal needs an http:// or https:// address, not '{portal}'");
        token ??= environment(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
            throw new PortalUsageException($"no access token: give --token or set {TokenVariable} (create one on your account page, Access tokens)");
        return new Parsed(new PortalConnection(new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), token.Trim()), values, set, file);
    }

    static Guid Id(Parsed parsed, string option) =>
        !parsed.Values.TryGetValue(option, out var text) ? throw new PortalUsageException($"{option} ID is needed (`mastering projects` and `mastering tracks` list them)")
        : Guid.TryParse(text, out var id) ? id
        : throw new PortalUsageException($"{option} needs an id like 0190c3e2-…, not '{text}'");
}
