using System.Reflection;

namespace MasteringPortal.Audio;

/// <summary>
/// The render engine's version as built: the assembly's informational version, which the SDK suffixes with the source
/// commit ("1.0.0+6e03000…"). A revision records it, so a master can be traced to the code that made it.
/// </summary>
public static class EngineVersion
{
    public static string Current { get; } =
        typeof(EngineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EngineVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>"1.0.0 (6e03000)": short enough for a page.</summary>
    public static string Short(string? version)
    {
        if (string.IsNullOrEmpty(version)) return "unknown";
        var plus = version.IndexOf('+');
        if (plus < 0) return version;
        var commit = version[(plus + 1)..];
        return $"{version[..plus]} ({(commit.Length > 7 ? commit[..7] : commit)})";
    }
}
