using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

/// <summary>A render can reuse a chain: after Reset a processor must behave exactly like a new one.</summary>
public class ResetTests
{
    public static TheoryData<string> Processors => ["highpass", "eq", "linear-phase-eq", "compressor", "multiband", "saturator", "imager"];

    private static IAudioProcessor Create(string name) => name switch
    {
        "highpass" => new HighPassFilter(new PassFilterSettings { FrequencyHz = 40, SlopeDbPerOct = 36 }, SampleRateHz, 2),
        "eq" => new ParametricEq(new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = ParametricEqTests.MasteringCurve, SideBands = ParametricEqTests.MasteringCurve }, SampleRateHz, 2),
        "linear-phase-eq" => new LinearPhaseEq(new ParametricEqSettings { Bands = ParametricEqTests.MasteringCurve }, SampleRateHz, 2),
        "compressor" => new Compressor(new CompressorSettings { ThresholdDb = -30, Ratio = 3, SidechainHighPassHz = 80, StereoLinkPercent = 50 }, SampleRateHz, 2),
        "multiband" => new MultibandCompressor(new MultibandCompressorSettings
        {
            CrossoverFrequenciesHz = [120, 2000],
            Bands = [new() { ThresholdDb = -30 }, new() { ThresholdDb = -25 }, new() { ThresholdDb = -20 }],
        }, SampleRateHz, 2),
        "saturator" => new Saturator(new SaturationSettings { Curve = SaturationCurve.Tape, DriveDb = 9, MixPercent = 70 }, SampleRateHz, 2),
        "imager" => new StereoImager(new StereoImagerSettings { CrossoverFrequenciesHz = [300], Widths = [0.5, 1.5], MonoBelowHz = 90 }, SampleRateHz, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Processors))]
    public void After_reset_a_processor_gives_the_same_output_as_a_new_one(string name)
    {
        var frames = name == "linear-phase-eq" ? 40000 : 8000;
        float[][] input = [Noise(frames, 0.5, 20), Noise(frames, 0.5, 21)];
        var used = Create(name);
        Run(used, [Noise(frames, 0.8, 22), Noise(frames, 0.8, 23)]);
        used.Reset();
        var fresh = Run(Create(name), input);
        var again = Run(used, input);
        Assert.Equal(fresh[0], again[0]);
        Assert.Equal(fresh[1], again[1]);
    }
}
