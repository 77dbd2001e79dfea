using System.Text.Json.Serialization;

namespace MasteringPortal.Audio.Dsp.Saturation;

[JsonConverter(typeof(JsonStringEnumConverter<ClipperMode>))]
public enum ClipperMode
{
    /// <summary>
    /// The clipper sits <see cref="ClipperSettings.AutoLimiterShareDb"/> above the limiter's ceiling: the limiter does
    /// up to that much on its own, the clipper takes whatever a peak would need beyond it.
    /// </summary>
    Auto,

    /// <summary>The clipper sits <see cref="ClipperSettings.ThresholdDb"/> from the limiter's ceiling.</summary>
    Manual,
}

/// <summary>Settings of the oversampled soft-knee clipper between the loudness gain and the true-peak limiter.</summary>
public sealed record ClipperSettings
{
    /// <summary>
    /// Limiter's share in auto mode, dB of gain reduction, from the loudness/distortion measurements in
    /// docs/RENDER-SETTINGS.md: a smaller share clips peaks the limiter would have turned down more cleanly (at
    /// -10 LUFS 4 dB adds 1.4 dB more THD+N, 2 dB 5 dB more); a larger one buys under 1 dB less THD+N with the
    /// limiter holding the loud passages down further (6.5 dB instead of 5 at -8 LUFS with 8 dB: pumping).
    /// </summary>
    public const double AutoLimiterShareDb = 6;

    public ClipperMode Mode { get; set; } = ClipperMode.Auto;

    /// <summary>Manual mode: the clip level relative to the limiter's ceiling (+2 = 2 dB above it, left to the limiter).</summary>
    public double ThresholdDb { get; set; } = AutoLimiterShareDb;

    /// <summary>Width of the soft knee below the clip level: the curve leaves the straight line this far below it.</summary>
    public double KneeDb { get; set; } = 2;

    /// <summary>The clip level relative to the limiter's ceiling, whichever the mode.</summary>
    public double EffectiveThresholdDb => Mode == ClipperMode.Auto ? AutoLimiterShareDb : ThresholdDb;

    public void Validate()
    {
        if (!(ThresholdDb is >= -6 and <= 12))
            throw new ArgumentOutOfRangeException(nameof(ThresholdDb), ThresholdDb, "The clip level must be between 6 dB below and 12 dB above the limiter's ceiling.");
        if (!(KneeDb is >= 0 and <= 6))
            throw new ArgumentOutOfRangeException(nameof(KneeDb), KneeDb, "The clipper's knee must be between 0 and 6 dB.");
    }
}
