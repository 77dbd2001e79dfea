namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// What a sample-rate conversion must achieve. The defaults are the figures: flat within
/// 0.01 dB to 20 kHz and at least 120 dB of attenuation above the lower of the two Nyquist frequencies.
/// </summary>
/// <param name="InputRateHz">Rate of the material going in.</param>
/// <param name="OutputRateHz">Rate wanted out.</param>
/// <param name="PassbandEdgeHz">Highest frequency kept flat; null picks 20 kHz for 44.1/48 kHz
/// conversions and the same fraction of the lower rate (20/44.1) for higher ones.</param>
/// <param name="StopbandAttenuationDb">Attenuation from the lower Nyquist frequency upwards.</param>
public sealed record ResamplerSettings(
    int InputRateHz,
    int OutputRateHz,
    double? PassbandEdgeHz = null,
    double StopbandAttenuationDb = 120.0)
{
    /// <summary>The rates the mastering chain offers: the common delivery rates.</summary>
    public static IReadOnlyList<int> CommonRatesHz { get; } = [44100, 48000, 88200, 96000, 176400, 192000];
}
