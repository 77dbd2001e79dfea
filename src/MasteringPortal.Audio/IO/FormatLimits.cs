namespace MasteringPortal.Audio.IO;

/// <summary>
/// The range of header values we accept. Anything outside is a damaged or hostile header, refused
/// before any buffer is sized from it.
/// </summary>
internal static class FormatLimits
{
    public const int MaxChannels = 64;
    public const int MinSampleRateHz = 1000;
    public const int MaxSampleRateHz = 768_000;

    /// <summary>Headers are parsed chunk by chunk; a file with more chunks than this is not a real recording.</summary>
    public const int MaxChunks = 10_000;

    public static void CheckChannelsAndRate(string container, long channels, double sampleRateHz)
    {
        if (channels <= 0) throw AudioMessages.Damaged(container, "its header says it has no audio channels");
        if (channels > MaxChannels)
            throw AudioMessages.Damaged(container, $"its header claims {channels} channels (at most {MaxChannels} are possible)");
        if (sampleRateHz == 0 || double.IsNaN(sampleRateHz))
            throw AudioMessages.Damaged(container, "its header gives a sample rate of 0 Hz");
        if (sampleRateHz < MinSampleRateHz || sampleRateHz > MaxSampleRateHz)
            throw AudioMessages.Damaged(container, $"its header gives an impossible sample rate ({sampleRateHz:0.###} Hz)");
    }
}
