namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Finds the ffmpeg and ffprobe executables: a configured path wins (and if it does not exist ffmpeg
/// counts as missing, so a wrong setting is noticed rather than silently bypassed); otherwise the
/// directories on PATH are searched. Null means "not installed": WAV and AIFF still work without it.
/// </summary>
public static class FfmpegLocator
{
    public static string? FindFfmpeg(string? configuredPath = null) => Find("ffmpeg", configuredPath, besides: null);

    /// <summary>ffprobe: configured, else next to the ffmpeg in use, else PATH.</summary>
    public static string? FindFfprobe(string? configuredPath = null, string? ffmpegPath = null) =>
        Find("ffprobe", configuredPath, besides: ffmpegPath);

    private static string? Find(string name, string? configured, string? besides)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var exe = OperatingSystem.IsWindows() ? name + ".exe" : name;
        if (besides is not null && Path.GetDirectoryName(besides) is { Length: > 0 } dir)
        {
            var sibling = Path.Combine(dir, exe);
            if (File.Exists(sibling)) return sibling;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var entry in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(entry, exe);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
