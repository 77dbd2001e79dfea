using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class BitDepthTests
{
    private const int Rate = 44100;

    /// <summary>Noise quantised to a <paramref name="bits"/>-bit grid, as a reader delivers that file's samples.</summary>
    private static float[] QuantisedNoise(int bits, int samples)
    {
        var scale = Math.Pow(2, bits - 1);
        return Signals.WhiteNoise(0.1, samples).Select(x => (float)(Math.Round(x * scale) / scale)).ToArray();
    }

    private static IntakeAnalysis Analyze(float[] samples, int declaredBits, SampleEncoding encoding) =>
        PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(samples, Rate, declaredBits, encoding));

    [Fact]
    public void Sixteen_bit_audio_padded_into_a_24_bit_file_has_16_effective_bits_and_a_warning()
    {
        var a = Analyze(QuantisedNoise(16, Rate), 24, SampleEncoding.Pcm);
        Assert.Equal(24, a.BitDepth);
        Assert.Equal(16, a.EffectiveBitDepth);
        var check = a.Checks.Single(c => c.Id == "bit-depth");
        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Contains("16-bit", check.Message);
    }

    [Fact]
    public void Sixteen_bit_audio_in_a_float_file_has_16_effective_bits()
    {
        var a = Analyze(QuantisedNoise(16, Rate), 32, SampleEncoding.Float);
        Assert.Equal(16, a.EffectiveBitDepth);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "bit-depth").Status);
    }

    [Fact]
    public void Genuine_24_bit_audio_uses_24_bits_and_passes()
    {
        var a = Analyze(QuantisedNoise(24, Rate), 24, SampleEncoding.Pcm);
        Assert.Equal(24, a.EffectiveBitDepth);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "bit-depth").Status);
    }

    [Fact]
    public void Float_audio_off_every_integer_grid_reports_32_bits()
    {
        var a = Analyze(Signals.WhiteNoise(0.1, Rate), 32, SampleEncoding.Float);
        Assert.Equal(32, a.EffectiveBitDepth);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "bit-depth").Status);
    }

    [Fact]
    public void Silence_has_no_effective_bit_depth()
    {
        var a = Analyze(new float[Rate], 24, SampleEncoding.Pcm);
        Assert.Null(a.EffectiveBitDepth);
    }

    [Fact]
    public void A_16_bit_file_gets_advice_to_export_24_bit()
    {
        var a = Analyze(QuantisedNoise(16, Rate), 16, SampleEncoding.Pcm);
        Assert.Equal(16, a.EffectiveBitDepth);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "bit-depth").Status);
    }
}
