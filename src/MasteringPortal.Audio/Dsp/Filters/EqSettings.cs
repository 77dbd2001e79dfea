using System.Text.Json.Serialization;

namespace MasteringPortal.Audio.Dsp.Filters;

[JsonConverter(typeof(JsonStringEnumConverter<EqBandShape>))]
public enum EqBandShape
{
    Bell,
    LowShelf,
    HighShelf,
    HighPass,
    LowPass,
}

/// <summary>How an EQ treats a stereo signal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EqChannelMode>))]
public enum EqChannelMode
{
    /// <summary>The same bands on every channel (L and R linked).</summary>
    Stereo,

    /// <summary>Mid (L+R)/2 gets <see cref="ParametricEqSettings.Bands"/>, side (L-R)/2 gets <see cref="ParametricEqSettings.SideBands"/>.</summary>
    MidSide,
}

/// <summary>One EQ band. Bells and shelves use GainDb and Q; pass filters use SlopeDbPerOct.</summary>
public sealed record EqBand
{
    public EqBandShape Shape { get; set; } = EqBandShape.Bell;

    public double FrequencyHz { get; set; } = 1000;

    public double GainDb { get; set; }

    /// <summary>Bell: centre frequency over bandwidth. Shelves: cookbook shelf Q (0.707 = no overshoot).</summary>
    public double Q { get; set; } = Math.Sqrt(0.5);

    /// <summary>High-/low-pass bands only: Butterworth slope, 6 to 48 dB/oct.</summary>
    public int SlopeDbPerOct { get; set; } = 12;

    /// <summary>Throws with a message for the engineer when a value is outside its range.</summary>
    public void Validate(double sampleRateHz)
    {
        if (!(FrequencyHz >= 10 && FrequencyHz < sampleRateHz / 2))
            throw new ArgumentOutOfRangeException(nameof(FrequencyHz), FrequencyHz,
                $"An EQ band's frequency must be between 10 Hz and {sampleRateHz / 2000:0.##} kHz (half the sample rate).");
        if (GainDb is < -24 or > 24)
            throw new ArgumentOutOfRangeException(nameof(GainDb), GainDb, "An EQ band's gain must be between -24 and +24 dB.");
        if (Q is < 0.1 or > 40)
            throw new ArgumentOutOfRangeException(nameof(Q), Q, "An EQ band's Q must be between 0.1 and 40.");
        if (Shape is EqBandShape.HighPass or EqBandShape.LowPass) ButterworthDesign.OrderForSlope(SlopeDbPerOct);
    }
}

/// <summary>Settings shared by <see cref="ParametricEq"/> and <see cref="LinearPhaseEq"/>.</summary>
public sealed record ParametricEqSettings
{
    public EqChannelMode Mode { get; set; } = EqChannelMode.Stereo;

    /// <summary>Bands for every channel (Stereo) or for the mid signal (MidSide).</summary>
    public IReadOnlyList<EqBand> Bands { get; set; } = [];

    /// <summary>Bands for the side signal; used only in MidSide mode.</summary>
    public IReadOnlyList<EqBand> SideBands { get; set; } = [];

    public void Validate(double sampleRateHz, int channels)
    {
        if (Mode == EqChannelMode.MidSide && channels != 2)
            throw new ArgumentException("Mid/side EQ needs a stereo file; this one has " + channels + " channel(s).", nameof(Mode));
        foreach (var band in Bands) band.Validate(sampleRateHz);
        foreach (var band in SideBands) band.Validate(sampleRateHz);
    }
}
