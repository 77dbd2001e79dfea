namespace MasteringPortal.Audio.Render;

/// <summary>
/// What reaching the loudness cost, measured on the master: the distortion the clipper and the limiter added and
/// the peaks they took away. Crest factor here is the peak-to-loudness ratio (true peak dBTP − integrated LUFS),
/// the figure loud masters are compared by.
/// </summary>
/// <param name="AddedThdPlusNoiseDb">THD+N added by the clipper and limiter over the loud passages, dB relative to the
/// signal (<see cref="AddedDistortionMeter"/>); null when the master is silent.</param>
/// <param name="LoudPassageGainReductionDb">How far the clipper and limiter turned the loud passages down, dB.</param>
/// <param name="LimiterMaxGainReductionDb">The limiter's deepest gain reduction, dB.</param>
/// <param name="ClipperUsed">The clipper was on and touched the signal.</param>
/// <param name="ClipperMaxOverDb">How far the loudest peak went past the clip level, dB.</param>
/// <param name="CrestFactorBeforeDb">Peak-to-loudness ratio of the signal going into the loudness gain.</param>
/// <param name="CrestFactorAfterDb">Peak-to-loudness ratio of the master.</param>
public sealed record RenderDistortion(
    double? AddedThdPlusNoiseDb,
    double? LoudPassageGainReductionDb,
    double LimiterMaxGainReductionDb,
    bool ClipperUsed,
    double ClipperMaxOverDb,
    double? CrestFactorBeforeDb,
    double? CrestFactorAfterDb)
{
    /// <summary>Crest factor the chain took away, dB (positive = the master is denser than the mix).</summary>
    public double? CrestFactorLostDb => CrestFactorBeforeDb - CrestFactorAfterDb;
}
