using MasteringPortal.Audio.Dsp.Dynamics;
using Xunit.Abstractions;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Dynamics;

public class MultibandCompressorTests(ITestOutputHelper log)
{
    private static MultibandCompressorSettings Idle(params double[] crossovers) => new()
    {
        CrossoverFrequenciesHz = crossovers,
        // Compressing bands (ratio 3) whose threshold is above anything the test plays.
        Bands = Enumerable.Range(0, crossovers.Length + 1)
            .Select(_ => new CompressorSettings { ThresholdDb = 10, Ratio = 3, KneeDb = 0 }).ToArray(),
    };

    [Theory]
    [InlineData(new[] { 120.0, 2500.0 })]
    [InlineData(new[] { 250.0, 1000.0 })] // close crossovers: without phase compensation this sum is not flat
    [InlineData(new[] { 90.0, 800.0, 6000.0 })]
    public void With_no_band_compressing_the_bands_sum_flat_within_0_1_dB(double[] crossovers)
    {
        var processor = new MultibandCompressor(Idle(crossovers), SampleRateHz, 2);
        var output = Run(processor, [Impulse(1 << 16, 0, 0.5f), Impulse(1 << 16, 0, 0.5f)]);
        log.WriteLine($"worst deviation {TwelfthOctaveGrid().Max(f => Math.Abs(Db(Magnitude(output[0], f) / 0.5))):E2} dB");
        foreach (var f in TwelfthOctaveGrid())
            Assert.InRange(Db(Magnitude(output[0], f) / 0.5), -0.1, 0.1);
    }

    [Fact]
    public void A_band_compresses_only_its_own_range()
    {
        var settings = Idle(150, 2500) with { };
        var bands = settings.Bands.ToArray();
        bands[0] = new CompressorSettings { ThresholdDb = -30, Ratio = 4, KneeDb = 0, AttackMs = 5, ReleaseMs = 100 };
        settings = settings with { Bands = bands };
        var bass = Sine(50, 0.3, SampleRateHz);
        var treble = Sine(6000, 0.1, SampleRateHz);
        var input = bass.Zip(treble, (a, b) => a + b).ToArray();
        var output = Run(new MultibandCompressor(settings, SampleRateHz, 1), [input])[0];
        var tail = output.AsSpan(SampleRateHz / 2); // 0.5 s = whole cycles of both tones
        Assert.True(Db(ToneAmplitude(tail, 50) / 0.3) < -6); // the low band is compressed
        Assert.InRange(Db(ToneAmplitude(tail, 6000) / 0.1), -0.1, 0.1); // the high band is not
    }

    [Fact]
    public void With_every_band_neutral_the_processor_nulls_against_its_input()
    {
        var settings = new MultibandCompressorSettings
        {
            CrossoverFrequenciesHz = [100, 1000, 8000],
            Bands = Enumerable.Range(0, 4).Select(_ => new CompressorSettings { ThresholdDb = -40, Ratio = 1 }).ToArray(),
        };
        float[][] input = [Noise(44100, 0.9, 8), Noise(44100, 0.9, 9)];
        var output = Run(new MultibandCompressor(settings, SampleRateHz, 2), input);
        Assert.True(NullDbfs(input, output, 0) < -120);
    }

    [Fact]
    public void Band_count_must_match_the_crossovers()
    {
        var settings = new MultibandCompressorSettings { CrossoverFrequenciesHz = [100, 1000], Bands = [new(), new()] };
        Assert.Throws<ArgumentException>(() => new MultibandCompressor(settings, SampleRateHz, 2));
    }
}
