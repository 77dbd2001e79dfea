namespace MasteringPortal.Audio.IO;

/// <summary>How <see cref="AudioFile"/> reads files it cannot decode itself.</summary>
public sealed record AudioDecodeOptions
{
    /// <summary>Path to ffmpeg; null means look on PATH (see <see cref="Codecs.FfmpegLocator"/>).</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Path to ffprobe; null means beside ffmpeg, then PATH.</summary>
    public string? FfprobePath { get; init; }

    /// <summary>False forbids the ffmpeg route entirely (as if it were not installed).</summary>
    public bool UseFfmpeg { get; init; } = true;

    public static AudioDecodeOptions Default { get; } = new();
}
