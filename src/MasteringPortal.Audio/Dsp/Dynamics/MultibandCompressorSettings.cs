using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// 3 or 4 bands split by LR4 crossovers; each band has the bus compressor's settings.
/// </summary>
public sealed record MultibandCompressorSettings
{
    /// <summary>2 crossovers (3 bands) or 3 crossovers (4 bands), rising.</summary>
    public IReadOnlyList<double> CrossoverFrequenciesHz { get; set; } = [120, 2500];

    /// <summary>One entry per band, lowest band first: CrossoverFrequenciesHz.Count + 1 entries.</summary>
    public IReadOnlyList<CompressorSettings> Bands { get; set; } = [new(), new(), new()];

    public bool IsNeutral => Bands.All(b => b.IsNeutral);

    public void Validate(double sampleRateHz)
    {
        if (CrossoverFrequenciesHz.Count is < 2 or > 3)
            throw new ArgumentException("The multiband compressor has 3 or 4 bands: give 2 or 3 crossover frequencies.",
                nameof(CrossoverFrequenciesHz));
        LinkwitzRileyDesign.ValidateCrossovers(CrossoverFrequenciesHz, sampleRateHz);
        if (Bands.Count != CrossoverFrequenciesHz.Count + 1)
            throw new ArgumentException(
                $"{CrossoverFrequenciesHz.Count} crossovers make {CrossoverFrequenciesHz.Count + 1} bands, but {Bands.Count} band settings were given.",
                nameof(Bands));
        foreach (var b in Bands) b.Validate(sampleRateHz);
    }
}
