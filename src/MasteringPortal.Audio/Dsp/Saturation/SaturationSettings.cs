using System.Text.Json.Serialization;

namespace MasteringPortal.Audio.Dsp.Saturation;

[JsonConverter(typeof(JsonStringEnumConverter<SaturationCurve>))]
public enum SaturationCurve
{
    /// <summary>Symmetric tanh: odd harmonics, rounds peaks off smoothly.</summary>
    SoftClip,

    /// <summary>Asymmetric, gentler tanh around a bias point: adds even harmonics as well, like tape.</summary>
    Tape,
}

public sealed record SaturationSettings
{
    public SaturationCurve Curve { get; set; } = SaturationCurve.SoftClip;

    /// <summary>Gain into the curve; the curve's output is divided by the same gain, so quiet passages keep their level.</summary>
    public double DriveDb { get; set; }

    /// <summary>Wet share of the output: 0 % = the (latency-aligned) dry signal, 100 % = fully saturated.</summary>
    public double MixPercent { get; set; } = 100;

    public void Validate()
    {
        if (DriveDb is < 0 or > 36)
            throw new ArgumentOutOfRangeException(nameof(DriveDb), DriveDb, "Drive must be between 0 and 36 dB.");
        if (MixPercent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(MixPercent), MixPercent, "Mix must be between 0 and 100 %.");
    }
}
