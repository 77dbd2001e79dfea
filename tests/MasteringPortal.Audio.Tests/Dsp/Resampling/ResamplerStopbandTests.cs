using Xunit.Abstractions;
using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Audio.Tests.Dsp.Resampling;

/// <summary>The resampler's promise: at least 120 dB of attenuation above the lower Nyquist frequency.</summary>
public class ResamplerStopbandTests(ITestOutputHelper log)
{
    private const double RequiredAttenuationDb = 120.0;

    /// <summary>
    /// A sine the output rate cannot carry (or, when upsampling, the input's spectral image above the
    /// input Nyquist) must not come back as an alias. The alias is measured where it would land.
    /// </summary>
    [Theory]
    [InlineData(96000, 44100, 30000.0)]   // aliases to 14.1 kHz
    [InlineData(96000, 44100, 22300.0)]   // just above 22.05 kHz: aliases to 21.8 kHz
    [InlineData(96000, 44100, 22100.0)]   // 50 Hz above the stopband edge: aliases to 22.0 kHz
    [InlineData(96000, 44100, 45000.0)]   // near the input Nyquist: aliases to 900 Hz
    [InlineData(48000, 44100, 23000.0)]   // aliases to 21.1 kHz
    [InlineData(192000, 44100, 60000.0)]  // aliases to 16.2 kHz
    [InlineData(96000, 48000, 30000.0)]   // aliases to 18 kHz
    public void A_sine_above_the_new_Nyquist_comes_out_at_least_120_dB_down(int inputRateHz, int outputRateHz, double frequencyHz)
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(inputRateHz, outputRateHz));
        const double amplitude = 0.9;
        var input = SineMeasure.Sine(inputRateHz, frequencyHz, inputRateHz, amplitude);
        var output = ResamplerTestRun.Convert(design, input);

        var aliasHz = Math.Abs(frequencyHz - outputRateHz * Math.Round(frequencyHz / outputRateHz));
        var skip = outputRateHz / 10;
        var alias = SineMeasure.WindowedAmplitude(output.AsSpan(skip, output.Length - 2 * skip), aliasHz / outputRateHz);
        var attenuationDb = -20 * Math.Log10(Math.Max(alias, 1e-20) / amplitude);
        log.WriteLine($"{frequencyHz} Hz at {inputRateHz}->{outputRateHz} Hz: alias at {aliasHz} Hz is {attenuationDb:0.0} dB down");
        Assert.True(attenuationDb >= RequiredAttenuationDb,
            $"{frequencyHz} Hz at {inputRateHz}->{outputRateHz} Hz aliases to {aliasHz} Hz only {attenuationDb:0.0} dB down");
    }

    /// <summary>
    /// Upsampling: a 20 kHz tone at 44.1 kHz has an image at 24.1 kHz (above the lower Nyquist), which a
    /// 48 kHz output would show at 23.9 kHz; a 96 kHz output would show it at 24.1 kHz itself.
    /// </summary>
    [Theory]
    [InlineData(44100, 48000, 20000.0)]
    [InlineData(44100, 96000, 20000.0)]
    [InlineData(44100, 96000, 5000.0)]    // image at 39.1 kHz
    [InlineData(44100, 192000, 1000.0)]   // images at 43.1, 45.1, 87.2 kHz...: check the first
    public void The_spectral_images_of_an_upsampled_sine_are_at_least_120_dB_down(int inputRateHz, int outputRateHz, double frequencyHz)
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(inputRateHz, outputRateHz));
        const double amplitude = 0.9;
        var input = SineMeasure.Sine(inputRateHz, frequencyHz, inputRateHz, amplitude);
        var output = ResamplerTestRun.Convert(design, input);

        var imageHz = inputRateHz - frequencyHz;
        var seenAtHz = Math.Abs(imageHz - outputRateHz * Math.Round(imageHz / outputRateHz));
        var skip = outputRateHz / 10;
        var image = SineMeasure.WindowedAmplitude(output.AsSpan(skip, output.Length - 2 * skip), seenAtHz / outputRateHz);
        var attenuationDb = -20 * Math.Log10(Math.Max(image, 1e-20) / amplitude);
        log.WriteLine($"image of {frequencyHz} Hz at {inputRateHz}->{outputRateHz} Hz (seen at {seenAtHz} Hz) is {attenuationDb:0.0} dB down");
        Assert.True(attenuationDb >= RequiredAttenuationDb,
            $"the image of {frequencyHz} Hz at {inputRateHz}->{outputRateHz} Hz is only {attenuationDb:0.0} dB down");
    }
}
