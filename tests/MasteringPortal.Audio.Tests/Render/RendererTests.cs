using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Render;

public class RendererTests
{
    private const int RateHz = 44100;

    private static RenderSettings Target(double lufs, double ceilingDbtp) => new()
    {
        Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Bands = [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 8000, GainDb = 1 }] } },
        Compressor = new() { Enabled = true, Settings = new() { ThresholdDb = -20, Ratio = 2 } },
        Loudness = new LoudnessTarget { CustomLufs = lufs },
        Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: ceilingDbtp) },
    };

    /// <summary>Our BS.1770-4 meter on the file as written (independent of what the renderer reports).</summary>
    private static (double Lufs, double TruePeakDbtp) MeasureFile(string path)
    {
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        var f = source.Format;
        var meter = new LoudnessMeter(f.SampleRateHz, f.Channels);
        var buffer = new float[4096 * f.Channels];
        int n;
        while ((n = source.Read(buffer)) > 0) meter.AddFrames(buffer.AsSpan(0, n * f.Channels));
        return (meter.IntegratedLufs!.Value, meter.TruePeakDbtp);
    }

    public static TheoryData<string, double, double> Materials => new()
    {
        { "dense", -14, -1 },
        { "dense", -9, -2 },
        { "tonal", -14, -1 },
        { "dynamic", -16, -1 },
        { "dynamic", -10, -1 },
    };

    [Theory]
    [MemberData(nameof(Materials))]
    public void The_master_reaches_the_loudness_target_within_0_3_lu_under_the_true_peak_ceiling(string material, double lufs, double ceiling)
    {
        using var dir = new RenderTestFolder();
        var signal = material switch
        {
            "dense" => RenderTestSignals.DenseNoise(-24),
            "tonal" => RenderTestSignals.Tonal(RateHz, -20),
            _ => RenderTestSignals.Dynamic(RateHz),
        };
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 18, signal);
        var result = Renderer.Render(mix, Target(lufs, ceiling), new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        var (measured, truePeak) = MeasureFile(dir.File("master.wav"));
        Assert.InRange(measured, lufs - 0.3, lufs + 0.3);
        Assert.True(truePeak <= ceiling + 0.1, $"true peak {truePeak:0.00} dBTP over the {ceiling} dBTP ceiling");
        Assert.Equal(measured, result.IntegratedLufs!.Value, 0.01);
    }

    [Theory]
    [InlineData("acoustic-folk")]
    [InlineData("rock")]
    [InlineData("hip-hop")]
    [InlineData("electronic-edm")]
    [InlineData("pop")]
    [InlineData("classical-jazz")]
    public void Every_preset_renders_to_its_own_target_under_its_own_ceiling(string preset)
    {
        using var dir = new RenderTestFolder();
        var noise = RenderTestSignals.DenseNoise(-26);
        var tone = RenderTestSignals.Tonal(RateHz, -20);
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 6, (c, i) => noise(c, i) + tone(c, i));
        var settings = RenderPresets.Load(preset);
        Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "m"), Ffmpeg.Tools);
        var (measured, truePeak) = MeasureFile(dir.File("m.wav"));
        Assert.InRange(measured, settings.Loudness!.TargetLufs - 0.3, settings.Loudness.TargetLufs + 0.3);
        Assert.True(truePeak <= settings.Limiter.Settings.CeilingDbtp + 0.1, $"{truePeak:0.00} dBTP");
    }

    [Fact]
    public void Rendering_twice_gives_bit_identical_files()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 8, RenderTestSignals.Dynamic(RateHz));
        var settings = Target(-12, -1);
        Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "a", Deliverables.Wav24 | Deliverables.Wav16), Ffmpeg.Tools);
        Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "b", Deliverables.Wav24 | Deliverables.Wav16), Ffmpeg.Tools);
        Assert.Equal(File.ReadAllBytes(dir.File("a.wav")), File.ReadAllBytes(dir.File("b.wav")));
        Assert.Equal(File.ReadAllBytes(dir.File("a-16bit-44k1.wav")), File.ReadAllBytes(dir.File("b-16bit-44k1.wav")));
    }

    [Fact]
    public void Writing_and_metering_on_a_second_thread_gives_the_same_bits_as_one_thread()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 48000, 8, RenderTestSignals.Dynamic(48000));
        var settings = Target(-12, -1);
        var outputs = Deliverables.Wav24 | Deliverables.Wav16;
        RenderResult inline, pipelined;
        BlockPipeline.ConcurrencyOverride.Value = false;
        try { inline = Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "one", outputs), Ffmpeg.Tools); }
        finally { BlockPipeline.ConcurrencyOverride.Value = null; }
        BlockPipeline.ConcurrencyOverride.Value = true;
        try { pipelined = Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "two", outputs), Ffmpeg.Tools); }
        finally { BlockPipeline.ConcurrencyOverride.Value = null; }
        Assert.Equal(File.ReadAllBytes(dir.File("one.wav")), File.ReadAllBytes(dir.File("two.wav")));
        Assert.Equal(File.ReadAllBytes(dir.File("one-16bit-44k1.wav")), File.ReadAllBytes(dir.File("two-16bit-44k1.wav")));
        Assert.Equal(inline.IntegratedLufs, pipelined.IntegratedLufs);
        Assert.Equal(inline.TruePeakDbtp, pipelined.TruePeakDbtp);
        Assert.Equal(inline.LoudnessGainDb, pipelined.LoudnessGainDb);
    }

    [Fact]
    public void The_24_bit_master_carries_its_measured_loudness_in_the_bext_chunk()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 48000, 8, RenderTestSignals.Tonal(48000, -18));
        var result = Renderer.Render(mix, Target(-14, -1), new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);
        var info = AudioFile.Probe(dir.File("master.wav"), Ffmpeg.Tools);
        Assert.Equal(48000, info.Format.SampleRateHz);
        Assert.Equal(24, info.Format.BitDepth);
        Assert.NotNull(info.Bext);
        // EBU Tech 3285 v2 stores loudness in hundredths of a unit.
        Assert.Equal(result.IntegratedLufs!.Value, info.Bext!.LoudnessValueLufs!.Value, 0.01);
        Assert.Equal(result.TruePeakDbtp, info.Bext.MaxTruePeakLevelDbtp!.Value, 0.01);
        Assert.NotNull(info.Bext.LoudnessRangeLu);
    }

    [Fact]
    public void The_16_bit_deliverable_is_44k1_dithered_and_limited_after_the_rate_conversion()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 96000, 6, RenderTestSignals.DenseNoise(-16));
        var result = Renderer.Render(mix, Target(-10, -1), new RenderOutputs(dir.Path, "m", Deliverables.Wav16), Ffmpeg.Tools);
        var path = dir.File("m-16bit-44k1.wav");
        var info = AudioFile.Probe(path, Ffmpeg.Tools);
        Assert.Equal(44100, info.Format.SampleRateHz);
        Assert.Equal(16, info.Format.BitDepth);
        Assert.Equal(6 * 44100, info.LengthFrames);
        var (_, truePeak) = MeasureFile(path);
        Assert.True(truePeak <= -1 + 0.1, $"{truePeak:0.00} dBTP");
        Assert.Single(result.Files);
    }

    [Fact]
    public void Progress_rises_to_100_percent()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 4, RenderTestSignals.Tonal(RateHz));
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);
        Renderer.Render(mix, Target(-14, -1), new RenderOutputs(dir.Path, "m"), Ffmpeg.Tools, progress);
        Assert.NotEmpty(reports);
        Assert.Equal(1, reports[^1]);
        for (var i = 1; i < reports.Count; i++) Assert.True(reports[i] >= reports[i - 1]);
    }

    [Fact]
    public void A_cancelled_render_stops_and_leaves_no_master_behind()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 4, RenderTestSignals.Tonal(RateHz));
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p > 0.10) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Renderer.Render(mix, Target(-14, -1), new RenderOutputs(dir.Path, "m"), Ffmpeg.Tools, progress, cts.Token));
        Assert.Equal(["mix.wav"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Invalid_settings_are_refused_before_any_audio_is_written()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 1, RenderTestSignals.Tonal(RateHz));
        var settings = Target(-14, -1) with { Output = new OutputSettings { BitDepth = 20 } };
        Assert.Throws<RenderSettingsException>(() => Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "m"), Ffmpeg.Tools));
        Assert.False(File.Exists(dir.File("m.wav")));
    }

    [SkippableFact]
    public void Lossy_deliverables_are_encoded_and_checked_for_true_peak_after_decoding()
    {
        Skip.If(Ffmpeg.Missing, "ffmpeg is not installed");
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), RateHz, 6, RenderTestSignals.DenseNoise(-14));
        var result = Renderer.Render(mix, Target(-8, -0.1), new RenderOutputs(dir.Path, "m", Deliverables.Mp3 | Deliverables.Aac), Ffmpeg.Tools);
        Assert.True(File.Exists(dir.File("m.mp3")));
        Assert.True(File.Exists(dir.File("m.m4a")));
        Assert.False(File.Exists(dir.File("m.wav")));
        foreach (var file in result.Files)
        {
            var (_, truePeak) = MeasureFile(file.Path);
            Assert.Equal(truePeak, file.TruePeakDbtp, 0.01);
            var warned = result.Warnings.Any(w => w.Contains($"peaks at {truePeak.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture)} dBTP after encoding"));
            Assert.Equal(truePeak > LossyDeliverable.MaxTruePeakDbtp, warned);
        }
    }

    [SkippableFact]
    public void With_a_96k_master_the_lossy_files_are_made_from_the_44k1_version()
    {
        Skip.If(Ffmpeg.Missing, "ffmpeg is not installed");
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 96000, 3, RenderTestSignals.Tonal(96000, -16));
        var result = Renderer.Render(mix, Target(-14, -2), new RenderOutputs(dir.Path, "m", Deliverables.Wav24 | Deliverables.Mp3), Ffmpeg.Tools);
        Assert.Equal(96000, AudioFile.Probe(dir.File("m.wav"), Ffmpeg.Tools).Format.SampleRateHz);
        Assert.Equal(44100, AudioFile.Probe(dir.File("m.mp3"), Ffmpeg.Tools).Format.SampleRateHz);
        Assert.False(File.Exists(dir.File("m-16bit-44k1.wav")));
        Assert.Equal([Deliverables.Wav24, Deliverables.Mp3], result.Files.Select(f => f.Kind));
    }

    [Fact]
    public void A_mix_at_a_rate_the_converter_does_not_take_is_refused_when_conversion_is_needed()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 32000, 1, RenderTestSignals.Tonal(32000));
        var e = Assert.Throws<RenderSettingsException>(() =>
            Renderer.Render(mix, Target(-14, -1), new RenderOutputs(dir.Path, "m", Deliverables.Wav16), Ffmpeg.Tools));
        Assert.Contains("32000 Hz", e.Message);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
