namespace MasteringPortal.Audio.IO;

/// <summary>What <see cref="AudioFile.Probe"/> learns from a file without decoding its audio.</summary>
/// <param name="Format">Rate, channels, declared bit depth, encoding and container.</param>
/// <param name="LengthFrames">Frames the file holds; null when only decoding could tell (some compressed streams).</param>
/// <param name="Bext">The broadcast-wave chunk with its loudness fields, when the file has one.</param>
/// <param name="ChannelMask">WAVE_FORMAT_EXTENSIBLE dwChannelMask (speaker positions), when present.</param>
public sealed record AudioFileInfo(AudioFormat Format, long? LengthFrames, BextChunk? Bext = null, uint? ChannelMask = null)
{
    /// <summary>Length as time; null when the length is unknown.</summary>
    public TimeSpan? Duration => LengthFrames is { } frames && Format.SampleRateHz > 0
        ? TimeSpan.FromSeconds((double)frames / Format.SampleRateHz)
        : null;
}
