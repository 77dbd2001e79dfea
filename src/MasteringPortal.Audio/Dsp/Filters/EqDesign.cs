namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>Turns EQ bands into biquad sections; the product of their responses is the designed curve.</summary>
public static class EqDesign
{
    public static BiquadCoefficients[] Sections(EqBand band, double sampleRateHz) => band.Shape switch
    {
        EqBandShape.Bell => [BiquadDesign.Bell(sampleRateHz, band.FrequencyHz, band.GainDb, band.Q)],
        EqBandShape.LowShelf => [BiquadDesign.LowShelf(sampleRateHz, band.FrequencyHz, band.GainDb, band.Q)],
        EqBandShape.HighShelf => [BiquadDesign.HighShelf(sampleRateHz, band.FrequencyHz, band.GainDb, band.Q)],
        EqBandShape.HighPass => ButterworthDesign.HighPass(sampleRateHz, band.FrequencyHz,
            ButterworthDesign.OrderForSlope(band.SlopeDbPerOct)),
        EqBandShape.LowPass => ButterworthDesign.LowPass(sampleRateHz, band.FrequencyHz,
            ButterworthDesign.OrderForSlope(band.SlopeDbPerOct)),
        _ => throw new ArgumentOutOfRangeException(nameof(band), band.Shape, "Unknown EQ band shape."),
    };

    public static BiquadCoefficients[] Sections(IEnumerable<EqBand> bands, double sampleRateHz)
        => bands.SelectMany(b => Sections(b, sampleRateHz)).ToArray();

    /// <summary>Designed magnitude of a band list at one frequency, in dB.</summary>
    public static double MagnitudeDb(IEnumerable<EqBand> bands, double frequencyHz, double sampleRateHz)
        => BiquadResponse.MagnitudeDb(Sections(bands, sampleRateHz), frequencyHz, sampleRateHz);
}
