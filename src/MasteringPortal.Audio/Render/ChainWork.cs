namespace MasteringPortal.Audio.Render;

/// <summary>What the clipper and the limiter did in one output pass (see <see cref="RenderDistortion"/>).</summary>
/// <param name="Added">From <see cref="AddedDistortionMeter"/>: THD+N and level reduction over the loud passages.</param>
/// <param name="LimiterMaxGainReductionDb">The limiter's deepest gain reduction, dB (≥ 0).</param>
/// <param name="ClipperUsed">The clipper's knee was reached at least once.</param>
/// <param name="ClipperMaxOverDb">How far the loudest peak went past the clip level, dB (≥ 0).</param>
internal sealed record ChainWork((double ThdPlusNoiseDb, double LevelReductionDb)? Added, double LimiterMaxGainReductionDb,
    bool ClipperUsed, double ClipperMaxOverDb);
