using MasteringPortal.Audio.Dsp.Dither;

namespace MasteringPortal.Audio.Tests.Dsp.Dither;

/// <summary>Noise shaping moves the dither noise out of the 1-5 kHz band, where hearing is most sensitive, towards Nyquist.</summary>
public class NoiseShapingTests
{
    private const int SampleRateHz = 44100;

    private static double[] ErrorSpectrumOf(NoiseShaping shaping)
    {
        var block = DitherTestSignals.Sine(1 << 17, 0.25, SampleRateHz);
        var original = DitherTestSignals.Copy(block, 0);
        new TpdfDither(new DitherSettings(16, shaping), SampleRateHz, 1).Quantise(block);
        var error = new double[original.Length];
        for (var i = 0; i < error.Length; i++) error[i] = (double)block.Channels[0][i] - original[i];
        return ErrorSpectrum.Welch(error);
    }

    [Theory]
    [InlineData(NoiseShaping.FirstOrderHighPass)]
    [InlineData(NoiseShaping.SecondOrderPsychoacoustic)]
    public void Shaped_noise_is_lower_from_1_to_5_kHz_and_higher_near_Nyquist_than_flat_TPDF(NoiseShaping shaping)
    {
        var flat = ErrorSpectrumOf(NoiseShaping.None);
        var shaped = ErrorSpectrumOf(shaping);

        var sensitiveFlat = ErrorSpectrum.BandPower(flat, 1000, 5000, SampleRateHz);
        var sensitiveShaped = ErrorSpectrum.BandPower(shaped, 1000, 5000, SampleRateHz);
        var topFlat = ErrorSpectrum.BandPower(flat, 18000, 22050, SampleRateHz);
        var topShaped = ErrorSpectrum.BandPower(shaped, 18000, 22050, SampleRateHz);
        Assert.True(sensitiveShaped < sensitiveFlat, $"1-5 kHz: shaped {10 * Math.Log10(sensitiveShaped / sensitiveFlat):0.0} dB vs flat");
        Assert.True(topShaped > topFlat, $"18-22 kHz: shaped {10 * Math.Log10(topShaped / topFlat):0.0} dB vs flat");
    }

    /// <summary>
    /// The measured change of the noise spectrum, band by band, follows the designed noise transfer
    /// function |NTF|² within 1 dB (the spread of a 63-segment Welch estimate over a 1/3-octave-wide band
    /// is well under that).
    /// </summary>
    [Theory]
    [InlineData(NoiseShaping.FirstOrderHighPass)]
    [InlineData(NoiseShaping.SecondOrderPsychoacoustic)]
    public void The_noise_spectrum_follows_the_designed_noise_transfer_function(NoiseShaping shaping)
    {
        var flat = ErrorSpectrumOf(NoiseShaping.None);
        var shaped = ErrorSpectrumOf(shaping);
        var feedback = NoiseShapingFilter.FeedbackCoefficients(shaping, SampleRateHz);
        double[] centresHz = [1000, 2000, 5000, 8000, 12000, 16000, 20000];
        foreach (var centre in centresHz)
        {
            var low = centre / Math.Pow(2, 1.0 / 6);
            var high = centre * Math.Pow(2, 1.0 / 6);
            var measuredDb = 10 * Math.Log10(ErrorSpectrum.BandPower(shaped, low, high, SampleRateHz)
                                             / ErrorSpectrum.BandPower(flat, low, high, SampleRateHz));
            var designed = 0.0;
            const int steps = 64;
            for (var s = 0; s <= steps; s++)
            {
                var g = NoiseShapingFilter.NoiseGain(feedback, low + (high - low) * s / steps, SampleRateHz);
                designed += g * g;
            }
            var designedDb = 10 * Math.Log10(designed / (steps + 1));
            Assert.True(Math.Abs(measuredDb - designedDb) < 1.0,
                $"{shaping} around {centre} Hz: measured {measuredDb:0.00} dB, designed {designedDb:0.00} dB");
        }
    }

    [Fact]
    public void The_second_order_shape_keeps_the_whole_1_to_5_kHz_band_at_least_10_dB_below_flat_by_design()
    {
        // |NTF| = 2|cos ω − cos ω0| with cos ω0 midway: max over the band is (cos ω(1k) − cos ω(5k)), −12.6 dB at 44.1 kHz.
        var feedback = NoiseShapingFilter.FeedbackCoefficients(NoiseShaping.SecondOrderPsychoacoustic, SampleRateHz);
        for (var f = 1000.0; f <= 5000; f += 50)
            Assert.True(20 * Math.Log10(NoiseShapingFilter.NoiseGain(feedback, f, SampleRateHz)) < -10, $"{f} Hz");
    }
}
