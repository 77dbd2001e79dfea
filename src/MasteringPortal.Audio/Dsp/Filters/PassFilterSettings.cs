namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>Settings of <see cref="HighPassFilter"/> and <see cref="LowPassFilter"/>.</summary>
public sealed record PassFilterSettings
{
    /// <summary>Cutoff (-3.01 dB point).</summary>
    public double FrequencyHz { get; set; } = 30;

    /// <summary>Butterworth slope: 6 to 48 dB/oct in steps of 6 (order 1 to 8).</summary>
    public int SlopeDbPerOct { get; set; } = 12;

    public void Validate(double sampleRateHz)
    {
        if (!(FrequencyHz >= 10 && FrequencyHz < sampleRateHz / 2))
            throw new ArgumentOutOfRangeException(nameof(FrequencyHz), FrequencyHz,
                $"The filter frequency must be between 10 Hz and {sampleRateHz / 2000:0.##} kHz (half the sample rate).");
        ButterworthDesign.OrderForSlope(SlopeDbPerOct);
    }
}
