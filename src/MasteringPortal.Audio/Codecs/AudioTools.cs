using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// The ffmpeg and ffprobe this process uses, resolved once (from configuration, else PATH) and handed to every
/// entry point that touches a codec, so a configured path is honoured everywhere. A null path means "not
/// installed": WAV and AIFF still work without it.
/// </summary>
public sealed class AudioTools
{
    /// <summary>The address-space limit every ffmpeg and ffprobe process gets by default: 2 GiB.</summary>
    public const long DefaultMemoryLimitBytes = 2L << 30;

    private AudioTools(string? ffmpegPath, string? ffprobePath, long memoryLimitBytes = DefaultMemoryLimitBytes)
    {
        FfmpegPath = ffmpegPath;
        FfprobePath = ffprobePath;
        MemoryLimitBytes = memoryLimitBytes;
        PrlimitPath = memoryLimitBytes > 0 && OperatingSystem.IsLinux() ? Find("prlimit", null, besides: null) : null;
    }

    /// <summary>The ffmpeg executable, or null when it is not installed.</summary>
    public string? FfmpegPath { get; }

    /// <summary>The ffprobe executable, or null when it is not installed.</summary>
    public string? FfprobePath { get; }

    /// <summary>
    /// The most address space an ffmpeg or ffprobe process may map, in bytes (0: no limit). Applied through `prlimit`
    /// where it exists (<see cref="PrlimitPath"/>); elsewhere the processes run unlimited.
    /// </summary>
    public long MemoryLimitBytes { get; }

    /// <summary>util-linux's `prlimit`, which starts the tools under <see cref="MemoryLimitBytes"/>; null without it.</summary>
    public string? PrlimitPath { get; }

    /// <summary>The same tools with another memory limit (0: none).</summary>
    public AudioTools WithMemoryLimit(long bytes) => new(FfmpegPath, FfprobePath, Math.Max(0, bytes));

    /// <summary>True when both tools are present, which every ffmpeg route needs.</summary>
    public bool HasFfmpeg => FfmpegPath is not null && FfprobePath is not null;

    /// <summary>No ffmpeg at all: only the formats read natively (WAV, AIFF) work.</summary>
    public static AudioTools None { get; } = new(null, null);

    /// <summary>
    /// A configured path wins, and if it does not exist the tool counts as missing (a wrong setting is noticed
    /// rather than silently bypassed); a blank one means PATH. ffprobe: configured, else beside ffmpeg, else PATH.
    /// </summary>
    public static AudioTools Resolve(string? ffmpegPath, string? ffprobePath)
    {
        var ffmpeg = Find("ffmpeg", ffmpegPath, besides: null);
        var ffprobe = Find("ffprobe", ffprobePath, besides: ffmpeg);
        return new AudioTools(ffmpeg, ffprobe);
    }

    /// <summary>Whatever ffmpeg and ffprobe PATH holds (the command line's choice).</summary>
    public static AudioTools FromPath() => Resolve(null, null);

    /// <summary>Both tools, or an AudioFileException naming ffmpeg and the format that needs it.</summary>
    internal (string Ffmpeg, string Ffprobe) Require(string formatName) =>
        HasFfmpeg ? (FfmpegPath!, FfprobePath!) : throw AudioMessages.NeedsFfmpeg(formatName);

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
