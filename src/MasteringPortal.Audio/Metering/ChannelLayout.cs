namespace MasteringPortal.Audio.Metering;

/// <summary>Where a loudspeaker stands, as far as BS.1770 channel weighting cares.</summary>
public enum SpeakerPosition
{
    Left,
    Right,
    Center,
    /// <summary>Low-frequency effects: excluded from loudness (BS.1770-4 Annex 1, §2.3).</summary>
    LowFrequencyEffects,
    LeftSurround,
    RightSurround,
    /// <summary>Any other speaker outside the ±60°–120° surround arc: weighted 1.0 (BS.1770-4 Table 3).</summary>
    Other,
}

/// <summary>
/// The speaker each interleaved channel feeds, which decides its weight G in the BS.1770 channel sum.
/// Defaults follow the WAV channel order (L R C LFE Ls Rs) for 1 to 6 channels.
/// </summary>
public sealed class ChannelLayout
{
    public ChannelLayout(IReadOnlyList<SpeakerPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0) throw new ArgumentException("A channel layout needs at least one channel.", nameof(positions));
        Positions = positions.ToArray();
    }

    public IReadOnlyList<SpeakerPosition> Positions { get; }

    public int Channels => Positions.Count;

    public static ChannelLayout Mono { get; } = new([SpeakerPosition.Center]);
    public static ChannelLayout Stereo { get; } = new([SpeakerPosition.Left, SpeakerPosition.Right]);
    public static ChannelLayout ThreePointZero { get; } = new([SpeakerPosition.Left, SpeakerPosition.Right, SpeakerPosition.Center]);
    /// <summary>WAV quad (FL FR BL BR): the rear pair sits in the surround arc.</summary>
    public static ChannelLayout Quad { get; } = new([SpeakerPosition.Left, SpeakerPosition.Right, SpeakerPosition.LeftSurround, SpeakerPosition.RightSurround]);
    /// <summary>5.0 in WAV order L R C Ls Rs (the order of the EBU 5-channel test file).</summary>
    public static ChannelLayout FivePointZero { get; } = new([SpeakerPosition.Left, SpeakerPosition.Right, SpeakerPosition.Center, SpeakerPosition.LeftSurround, SpeakerPosition.RightSurround]);
    /// <summary>5.1 in WAV order L R C LFE Ls Rs.</summary>
    public static ChannelLayout FivePointOne { get; } = new([SpeakerPosition.Left, SpeakerPosition.Right, SpeakerPosition.Center, SpeakerPosition.LowFrequencyEffects, SpeakerPosition.LeftSurround, SpeakerPosition.RightSurround]);

    /// <summary>The usual WAV layout for a channel count from 1 to 6.</summary>
    public static ChannelLayout ForChannelCount(int channels) => channels switch
    {
        1 => Mono,
        2 => Stereo,
        3 => ThreePointZero,
        4 => Quad,
        5 => FivePointZero,
        6 => FivePointOne,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels,
            $"Loudness can be measured for mono up to 5.1 (1 to 6 channels); this audio has {channels} channels."),
    };

    /// <summary>BS.1770-4 Annex 1, Table 3: G = 1.0 for L, R, C; 1.41 (+1.5 dB) for Ls, Rs; the LFE is left out.</summary>
    public static double WeightOf(SpeakerPosition position) => position switch
    {
        SpeakerPosition.LeftSurround or SpeakerPosition.RightSurround => 1.41,
        SpeakerPosition.LowFrequencyEffects => 0.0,
        _ => 1.0,
    };

    public double Weight(int channel) => WeightOf(Positions[channel]);
}
