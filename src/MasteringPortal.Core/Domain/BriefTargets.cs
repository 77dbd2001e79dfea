using MasteringPortal.Audio.Render;

namespace MasteringPortal.Core.Domain;

/// <summary>What a brief asks of a master's loudness and resolution, in the engine's terms.</summary>
public static class BriefTargets
{
    static readonly (TargetPlatforms Flag, StreamingPlatform Platform)[] Streaming =
    [
        (TargetPlatforms.AppleMusic, StreamingPlatform.AppleMusic), (TargetPlatforms.Spotify, StreamingPlatform.Spotify),
        (TargetPlatforms.YouTube, StreamingPlatform.YouTube), (TargetPlatforms.Tidal, StreamingPlatform.Tidal),
        (TargetPlatforms.AmazonMusic, StreamingPlatform.AmazonMusic),
    ];

    /// <summary>
    /// The brief's loudness target: a custom LUFS, or the quietest streaming platform asked for, so nothing gets turned
    /// down further by a platform that normalises lower; null when the brief names no streaming platform.
    /// </summary>
    public static LoudnessTarget? Loudness(Brief? brief)
    {
        if (brief is null) return null;
        var platforms = brief.TargetPlatforms;
        if (platforms.HasFlag(TargetPlatforms.Custom) && brief.CustomTargetLufs is { } lufs) return new LoudnessTarget { CustomLufs = lufs };
        StreamingPlatform? chosen = null;
        foreach (var (flag, platform) in Streaming)
        {
            if (platforms.HasFlag(flag) && (chosen is null || LoudnessTarget.PlatformLufs(platform) < LoudnessTarget.PlatformLufs(chosen.Value)))
                chosen = platform;
        }
        return chosen is { } p ? new LoudnessTarget { Platform = p } : null;
    }

    /// <summary>A 24-bit master is asked for (the brief's deliverables, or no brief at all: the master is always 24-bit).</summary>
    public static bool WantsHighResolution(Brief? brief) => brief is null || brief.DeliveryFormats.HasFlag(DeliveryFormats.Wav24);
}
