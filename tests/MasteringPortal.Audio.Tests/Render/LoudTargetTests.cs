using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Dsp.Saturation;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// Loud targets rendered the way the CLI renders them, with the clipper in auto mode sharing the work with the
/// limiter: the master lands within 0.3 LU of the target and stays under the −1 dBTP ceiling as an ideal
/// interpolation and the BS.1770-4 Annex 2 filter read it (0.05 dB allowed, as for every master). The limiter alone
/// flattens out short of these targets on the same material.
/// </summary>
public class LoudTargetTests(ITestOutputHelper output)
{
    private const double CeilingDbtp = -1.0;
    private const double AllowedOverDb = 0.05;
    private const double ToleranceLu = 0.3;

    private static RenderSettings Loud(double targetLufs, bool clipper = true) => new()
    {
        Loudness = new LoudnessTarget { CustomLufs = targetLufs },
        Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: CeilingDbtp) },
        Clipper = new() { Enabled = clipper, Settings = new ClipperSettings { Mode = ClipperMode.Auto } },
    };

    private static string DenseMix(RenderTestFolder dir, int rateHz = 44100, double seconds = 6) =>
        RenderTestSignals.Write(dir.File("mix.wav"), rateHz, seconds, DenseMixSignals.DenseMix(rateHz));

    [Theory]
    [InlineData("dense", -7.0)]
    [InlineData("dense", -8.0)]
    [InlineData("dense", -9.0)]
    [InlineData("dynamic", -8.0)]
    public void A_loud_target_is_reached_within_0_3_LU_with_no_true_peak_over(string material, double targetLufs)
    {
        using var dir = new RenderTestFolder();
        var mix = material == "dense" ? DenseMix(dir)
            : RenderTestSignals.Write(dir.File("mix.wav"), 44100, 12, DenseMixSignals.VerseChorus(44100));
        var result = Renderer.Render(mix, Loud(targetLufs), new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        var interleaved = AudioReading.ReadAll(dir.File("master.wav"));
        var master = Enumerable.Range(0, 2).Select(c => interleaved.Where((_, i) => i % 2 == c).ToArray()).ToArray();
        var ideal = IdealTruePeakReference.PeakDbtp(master);
        var bs1770 = Bs1770TruePeakReference.PeakDbtp(master);
        var d = result.Distortion!;
        output.WriteLine($"{material} to {targetLufs} LUFS: {result.IntegratedLufs:F2} LUFS (gain {result.LoudnessGainDb:F1} dB); ideal {ideal:F3}, " +
            $"BS.1770 {bs1770:F3} dBTP; THD+N {d.AddedThdPlusNoiseDb:F1} dB, limiter max {d.LimiterMaxGainReductionDb:F1} dB, crest {d.CrestFactorBeforeDb:F1} → {d.CrestFactorAfterDb:F1} dB");
        Assert.InRange(result.IntegratedLufs!.Value, targetLufs - ToleranceLu, targetLufs + ToleranceLu);
        Assert.True(ideal <= CeilingDbtp + AllowedOverDb, $"ideal interpolation reads {ideal:F3} dBTP");
        Assert.True(bs1770 <= CeilingDbtp + AllowedOverDb, $"the BS.1770 filter reads {bs1770:F3} dBTP");
    }

    [Fact]
    public void The_limiter_alone_falls_short_of_minus_8_LUFS_and_says_the_clipper_would_help()
    {
        using var dir = new RenderTestFolder();
        var result = Renderer.Render(DenseMix(dir), Loud(-8, clipper: false), new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);
        output.WriteLine($"limiter alone: {result.IntegratedLufs:F2} LUFS; {string.Join(" / ", result.Warnings)}");
        Assert.True(result.IntegratedLufs < -8 - ToleranceLu);
        Assert.Contains(result.Warnings, w => w.Contains("Turn the clipper on", StringComparison.Ordinal));
    }

    [Fact]
    public void Louder_targets_add_more_distortion_take_more_crest_factor_and_warn_in_plain_words()
    {
        using var dir = new RenderTestFolder();
        var mix = DenseMix(dir);
        RenderResult At(double lufs) => Renderer.Render(mix, Loud(lufs), new RenderOutputs(dir.Path, $"m{-lufs}"), Ffmpeg.Tools);
        var (gentle, loud, louder) = (At(-14), At(-9), At(-7));
        foreach (var r in new[] { gentle, loud, louder })
            output.WriteLine($"{r.IntegratedLufs:F2} LUFS: THD+N {r.Distortion!.AddedThdPlusNoiseDb:F1} dB, crest lost {r.Distortion.CrestFactorLostDb:F1} dB; {string.Join(" / ", r.Warnings)}");

        Assert.True(louder.Distortion!.AddedThdPlusNoiseDb > loud.Distortion!.AddedThdPlusNoiseDb + 1);
        Assert.True(loud.Distortion.AddedThdPlusNoiseDb > gentle.Distortion!.AddedThdPlusNoiseDb + 1);
        // Two LU louder under the same ceiling: the peak-to-loudness ratio shrinks by about as much.
        Assert.InRange(louder.Distortion.CrestFactorLostDb!.Value - loud.Distortion.CrestFactorLostDb!.Value, 1.5, 2.5);
        Assert.True(louder.Distortion.ClipperUsed);
        Assert.Contains(louder.Warnings, w => w.StartsWith("To reach -7 LUFS the master is clipped", StringComparison.Ordinal) && w.Contains("would keep it clean", StringComparison.Ordinal));
        Assert.DoesNotContain(gentle.Warnings, w => w.Contains("distortion", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sine_clipped_by_a_known_amount_is_reported_with_the_THD_its_Fourier_series_gives()
    {
        // A 1 kHz sine at full scale into a hard clip (knee 0) 6 dB below the −1 dBTP ceiling, no loudness gain: the
        // clipped sine peaks at −7 dBFS, so the limiter never acts and the added distortion is the clip's alone,
        // its harmonics below 20 kHz (3rd … 19th) from the Fourier series of a sine clipped at 10^(−7/20).
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("sine.wav"), 48000, 3, (_, i) => Math.Sin(2 * Math.PI * 1000 * i / 48000));
        var settings = new RenderSettings
        {
            Loudness = null,
            Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: CeilingDbtp) },
            Clipper = new() { Enabled = true, Settings = new ClipperSettings { Mode = ClipperMode.Manual, ThresholdDb = -6, KneeDb = 0 } },
        };
        var result = Renderer.Render(mix, settings, new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        var expected = ClippedSine.ThdDb(Math.Pow(10, -7 / 20.0), 19);
        var d = result.Distortion!;
        output.WriteLine($"THD from the series {expected:F2} dB, reported {d.AddedThdPlusNoiseDb:F2} dB; limiter {d.LimiterMaxGainReductionDb:F2} dB; crest {d.CrestFactorBeforeDb:F2} → {d.CrestFactorAfterDb:F2} dB");
        Assert.InRange(d.AddedThdPlusNoiseDb!.Value, expected - 0.3, expected + 0.3);
        Assert.Equal(0, d.LimiterMaxGainReductionDb, 3);
        Assert.True(d.CrestFactorLostDb > 0);
    }
}
