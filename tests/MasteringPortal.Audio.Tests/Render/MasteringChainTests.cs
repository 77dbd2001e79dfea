using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Render;

public class MasteringChainTests
{
    private const int RateHz = 48000;

    /// <summary>Every processor on, each at a setting that cannot change the signal.</summary>
    private static RenderSettings NeutralEverything(bool linearPhase) => new()
    {
        InputGain = new InputGainStage { Enabled = true, GainDb = 0 },
        Eq = new EqStage { Enabled = true, LinearPhase = linearPhase, Settings = new ParametricEqSettings { Bands = [new EqBand { GainDb = 0 }] } },
        Compressor = new() { Enabled = true, Settings = new CompressorSettings { Ratio = 1 } },
        Multiband = new() { Enabled = true, Settings = new MultibandCompressorSettings { Bands = [new() { Ratio = 1 }, new() { Ratio = 1 }, new() { Ratio = 1 }] } },
        Saturation = new() { Enabled = true, Settings = new SaturationSettings { DriveDb = 0, MixPercent = 0 } },
        Imager = new() { Enabled = true, Settings = new StereoImagerSettings() },
        Loudness = null,
        Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: 0) },
        Output = new OutputSettings { BitDepth = 32, Dither = false },
    };

    /// <summary>Processors that change the sound and delay it (linear-phase EQ, oversampled saturation, lookahead limiter).</summary>
    private static RenderSettings ColouringChain() => new()
    {
        HighPass = new() { Enabled = true, Settings = new PassFilterSettings { FrequencyHz = 20 } },
        Eq = new EqStage { Enabled = true, LinearPhase = true, Settings = new ParametricEqSettings { Bands = [new EqBand { FrequencyHz = 3000, GainDb = 2, Q = 1 }] } },
        Compressor = new() { Enabled = true, Settings = new CompressorSettings { ThresholdDb = -30, Ratio = 2 } },
        Saturation = new() { Enabled = true, Settings = new SaturationSettings { DriveDb = 3, MixPercent = 50 } },
        Loudness = null,
        Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: -1) },
        Output = new OutputSettings { BitDepth = 32, Dither = false },
    };

    private static float[][] Run(MasteringChain chain, float[][] input, int blockFrames = 1000)
    {
        var channels = input.Length;
        var output = new List<float>[channels];
        for (var c = 0; c < channels; c++) output[c] = [];
        var block = new AudioBlock(channels, MasteringChain.BlockFrames);
        void Sink(AudioBlock b)
        {
            for (var c = 0; c < channels; c++) output[c].AddRange(b.Channel(c).ToArray());
        }
        for (var start = 0; start < input[0].Length; start += blockFrames)
        {
            var n = Math.Min(blockFrames, input[0].Length - start);
            block.Frames = n;
            for (var c = 0; c < channels; c++) input[c].AsSpan(start, n).CopyTo(block.Channels[c]);
            chain.Process(block, Sink);
        }
        chain.Flush(Sink);
        return output.Select(o => o.ToArray()).ToArray();
    }

    private static float[][] Music(int frames)
    {
        var x = new float[2][];
        for (var c = 0; c < 2; c++)
        {
            x[c] = new float[frames];
            for (var i = 0; i < frames; i++)
                x[c][i] = (float)(0.05 * Math.Sin(2 * Math.PI * 440 * i / RateHz + c) + 0.03 * Math.Sin(2 * Math.PI * 97 * i / RateHz)
                                  + 0.02 * Math.Sin(2 * Math.PI * 7000 * i / RateHz));
        }
        return x;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void All_processors_at_neutral_settings_null_against_the_mix_below_minus_120_dbfs(bool linearPhase)
    {
        var chain = new MasteringChain(NeutralEverything(linearPhase), RateHz, 2);
        Assert.True(chain.InputRateLatencyFrames + chain.OutputRateLatencyFrames > 0, "the test must exercise latency compensation");
        var input = Music(RateHz);
        var output = Run(chain, input);
        var limit = Math.Pow(10, -120 / 20.0);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(input[c].Length, output[c].Length);
            var worst = 0.0;
            for (var i = 0; i < input[c].Length; i++) worst = Math.Max(worst, Math.Abs(output[c][i] - input[c][i]));
            Assert.True(worst < limit, $"channel {c}: residual {20 * Math.Log10(worst):0.0} dBFS");
        }
    }

    /// <summary>
    /// A mix that is still at full level on its last frame: the file is cut there, and the limiter must hold the cut
    /// signal under the ceiling as an ideal meter reads it, abrupt end included.
    /// </summary>
    [Fact]
    public void A_master_cut_at_full_level_on_its_last_frame_stays_under_the_ceiling_on_an_ideal_meter()
    {
        var settings = new RenderSettings { Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: -1) } };
        const int rateHz = 44100;
        var chain = new MasteringChain(settings, rateHz, 2);
        var squares = Dsp.Limiting.WorstCaseSignals.NaiveSquares(rateHz, 0.5);
        var output = Run(chain, squares.Select(ch => ch.Select(v => v * 2f).ToArray()).ToArray());
        var dbtp = Metering.TruePeakReferences.IdealTruePeakReference.PeakDbtp(output);
        Assert.True(dbtp <= -1 + 0.05, $"the master reads {dbtp:F3} dBTP on an ideal meter");
    }

    [Fact]
    public void Total_latency_is_the_sum_of_the_enabled_processors_latencies()
    {
        var settings = ColouringChain();
        var chain = new MasteringChain(settings, RateHz, 2);
        var expected = new LinearPhaseEq(settings.Eq.Settings, RateHz, 2).LatencyFrames
                       + new Saturator(settings.Saturation.Settings, RateHz, 2).LatencyFrames;
        Assert.Equal(expected, chain.InputRateLatencyFrames);
        Assert.Equal(new TruePeakLimiter(settings.Limiter.Settings, RateHz, 2).LatencyFrames, chain.OutputRateLatencyFrames);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(96000)]
    public void A_click_comes_out_at_the_same_time_as_it_went_in_and_the_master_is_as_long_as_the_mix(int outputRateHz)
    {
        var chain = new MasteringChain(ColouringChain(), RateHz, 2, new ChainOptions(OutputRateHz: outputRateHz));
        const int clickFrame = 20000;
        var frames = RateHz;
        var input = new[] { new float[frames], new float[frames] };
        input[0][clickFrame] = input[1][clickFrame] = 0.5f;
        var output = Run(chain, input);
        var ratio = outputRateHz / RateHz;
        Assert.Equal(frames * ratio, output[0].Length);
        for (var c = 0; c < 2; c++)
        {
            var peakAt = 0;
            for (var i = 1; i < output[c].Length; i++)
                if (Math.Abs(output[c][i]) > Math.Abs(output[c][peakAt])) peakAt = i;
            Assert.Equal(clickFrame * ratio, peakAt);
        }
    }

    [Fact]
    public void Block_size_does_not_change_the_output()
    {
        var input = Music(RateHz / 2);
        var a = Run(new MasteringChain(ColouringChain(), RateHz, 2), input, 4096);
        var b = Run(new MasteringChain(ColouringChain(), RateHz, 2), input, 333);
        Assert.Equal(a[0], b[0]);
        Assert.Equal(a[1], b[1]);
    }
}
