using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// The renderer converts the sample rate where it is cheapest without changing the master: with the clipper off it
/// converts the toned signal once, before the loudness gain (the conversion is linear, so it commutes with the gain);
/// with the clipper on it converts after the clipper in every pass, as the chain is drawn. Either way the master is the
/// chain run in its drawn order (tone → gain → clipper → SRC → limiter) in one go, to float rounding.
/// </summary>
public class RateConversionOrderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_converted_master_is_the_chain_in_its_drawn_order(bool clipper)
    {
        using var dir = new RenderTestFolder();
        const int mixRate = 96000, masterRate = 44100;
        const double gainDb = 12;
        var mixPath = RenderTestSignals.Write(dir.File("mix.wav"), mixRate, 4, DenseMixSignals.DenseMix(mixRate));
        var settings = new RenderSettings
        {
            Loudness = null,
            Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Bands = [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 6000, GainDb = 3 }] } },
            Clipper = new() { Enabled = clipper, Settings = new ClipperSettings { Mode = ClipperMode.Manual, ThresholdDb = 2, KneeDb = 0 } },
            Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: -1) },
            Output = new OutputSettings { SampleRateHz = masterRate, BitDepth = 32, Dither = false },
        };

        var result = Renderer.Render(mixPath, settings, new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools, fixedLoudnessGainDb: gainDb);
        var (rendered, rate) = AudioReading.ReadPlanar(dir.File("master.wav"));
        Assert.Equal(masterRate, rate);

        // The same chain, drawn order, one pass over the mix.
        var (mix, _) = AudioReading.ReadPlanar(mixPath);
        var chain = new MasteringChain(settings, mixRate, 2, new ChainOptions(OutputRateHz: masterRate, LoudnessGainDb: gainDb));
        var expected = new[] { new List<float>(), new List<float>() };
        void Collect(AudioBlock b) { for (var c = 0; c < 2; c++) expected[c].AddRange(b.Channel(c)[..b.Frames].ToArray()); }
        var block = new AudioBlock(2, MasteringChain.BlockFrames);
        for (var start = 0; start < mix[0].Length; start += MasteringChain.BlockFrames)
        {
            block.Frames = Math.Min(MasteringChain.BlockFrames, mix[0].Length - start);
            for (var c = 0; c < 2; c++) mix[c].AsSpan(start, block.Frames).CopyTo(block.Channels[c]);
            chain.Process(block, Collect);
        }
        chain.Flush(Collect);

        Assert.Equal(expected[0].Count, rendered[0].Length);
        var worst = 0.0;
        for (var c = 0; c < 2; c++)
            for (var i = 0; i < rendered[c].Length; i++) worst = Math.Max(worst, Math.Abs(rendered[c][i] - expected[c][i]));
        var worstDb = 20 * Math.Log10(Math.Max(worst, 1e-12));
        output.WriteLine($"clipper {(clipper ? "on" : "off")}: largest difference {worstDb:F1} dBFS; clipper engaged {result.Distortion?.ClipperUsed}, limiter {result.Distortion?.LimiterMaxGainReductionDb:F1} dB");
        if (clipper) Assert.True(result.Distortion!.ClipperUsed, "the clipper should have worked on this mix");
        // Float rounding only: 120 dB under full scale.
        Assert.True(worstDb < -120, $"the master differs from the chain by up to {worstDb:F1} dBFS");
    }
}
