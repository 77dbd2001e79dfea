namespace MasteringPortal.Audio.IO;

/// <summary>What a writer puts on disk: rate, channels, and PCM 8/16/24/32-bit or float 32/64-bit.</summary>
public sealed record PcmWriteFormat
{
    public PcmWriteFormat(int sampleRateHz, int channels, int bitDepth, SampleEncoding encoding = SampleEncoding.Pcm)
    {
        if (channels is < 1 or > FormatLimits.MaxChannels) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 to 64 channels.");
        if (sampleRateHz is < FormatLimits.MinSampleRateHz or > FormatLimits.MaxSampleRateHz)
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "1000 to 768000 Hz.");
        var ok = encoding switch
        {
            SampleEncoding.Pcm => bitDepth is 8 or 16 or 24 or 32,
            SampleEncoding.Float => bitDepth is 32 or 64,
            _ => false,
        };
        if (!ok) throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, $"Writers support PCM 8/16/24/32-bit and float 32/64-bit, not {bitDepth}-bit {encoding}.");
        SampleRateHz = sampleRateHz;
        Channels = channels;
        BitDepth = bitDepth;
        Encoding = encoding;
    }

    public int SampleRateHz { get; }
    public int Channels { get; }
    public int BitDepth { get; }
    public SampleEncoding Encoding { get; }
    public bool IsFloat => Encoding == SampleEncoding.Float;
    public int BytesPerSample => BitDepth / 8;
    public int BlockAlignBytes => BytesPerSample * Channels;

    public static PcmWriteFormat Pcm16(int sampleRateHz, int channels) => new(sampleRateHz, channels, 16);
    public static PcmWriteFormat Pcm24(int sampleRateHz, int channels) => new(sampleRateHz, channels, 24);
    public static PcmWriteFormat Float32(int sampleRateHz, int channels) => new(sampleRateHz, channels, 32, SampleEncoding.Float);

    /// <summary>The same rate/channels/depth/encoding as a source's format (e.g. to copy a file's format).</summary>
    public static PcmWriteFormat From(AudioFormat format) =>
        new(format.SampleRateHz, format.Channels, format.BitDepth, format.Encoding == SampleEncoding.Float ? SampleEncoding.Float : SampleEncoding.Pcm);
}
