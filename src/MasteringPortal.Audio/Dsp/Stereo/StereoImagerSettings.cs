using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Stereo;

/// <summary>
/// Mid/side width per band and mono bass. Width scales the side signal: 0 = mono, 1 = unchanged,
/// 2 = twice the side level.
/// </summary>
public sealed record StereoImagerSettings
{
    /// <summary>0 to 3 rising LR4 crossovers between the width bands.</summary>
    public IReadOnlyList<double> CrossoverFrequenciesHz { get; set; } = [];

    /// <summary>One width per band, lowest band first: CrossoverFrequenciesHz.Count + 1 entries.</summary>
    public IReadOnlyList<double> Widths { get; set; } = [1.0];

    /// <summary>Side removed below this frequency (LR4 high-pass on the side); 0 = off.</summary>
    public double MonoBelowHz { get; set; }

    public bool IsNeutral => MonoBelowHz == 0 && Widths.All(w => w == 1);

    public void Validate(double sampleRateHz)
    {
        LinkwitzRileyDesign.ValidateCrossovers(CrossoverFrequenciesHz, sampleRateHz);
        if (Widths.Count != CrossoverFrequenciesHz.Count + 1)
            throw new ArgumentException(
                $"{CrossoverFrequenciesHz.Count} crossovers make {CrossoverFrequenciesHz.Count + 1} bands, but {Widths.Count} widths were given.",
                nameof(Widths));
        foreach (var w in Widths)
            if (w is < 0 or > 2)
                throw new ArgumentOutOfRangeException(nameof(Widths), w, "Width must be between 0 (mono) and 2 (twice as wide).");
        if (MonoBelowHz != 0 && !(MonoBelowHz > 0 && MonoBelowHz <= 1000))
            throw new ArgumentOutOfRangeException(nameof(MonoBelowHz), MonoBelowHz, "Mono bass must be off (0) or between 1 Hz and 1 kHz.");
    }
}
