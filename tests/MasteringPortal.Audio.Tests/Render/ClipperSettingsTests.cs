using System.Text.Json;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using MasteringPortal.Cli;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>The clipper's place in the settings document, its checks, and the command line's `--clipper`.</summary>
public class ClipperSettingsTests
{
    [Fact]
    public void The_clipper_is_off_by_default_and_a_document_without_it_builds_no_clipper()
    {
        var settings = RenderSettings.FromJson("""{ "schemaVersion": 1 }""");
        Assert.False(settings.Clipper.Enabled);
        Assert.Null(new MasteringChain(settings, 44100, 2, new ChainOptions(LoudnessGainDb: 6, IncludeTone: false)).Clipper);
    }

    [Fact]
    public void A_clipper_in_the_document_survives_a_round_trip_and_sits_after_the_loudness_gain()
    {
        var settings = RenderSettings.FromJson("""
            { "schemaVersion": 1, "clipper": { "enabled": true, "settings": { "mode": "manual", "thresholdDb": 1.5, "kneeDb": 0.5 } } }
            """);
        var again = RenderSettings.FromJson(settings.ToJson());
        Assert.Equal(new ClipperSettings { Mode = ClipperMode.Manual, ThresholdDb = 1.5, KneeDb = 0.5 }, again.Clipper.Settings);
        Assert.Contains("\"mode\": \"manual\"", settings.ToJson(), StringComparison.Ordinal);
        Assert.Empty(RenderSettingsValidator.Validate(again));

        var chain = new MasteringChain(again, 44100, 2, new ChainOptions(LoudnessGainDb: 6, IncludeTone: false));
        Assert.IsType<GainStage>(chain.InputRateProcessors[0]);
        Assert.Same(chain.Clipper, chain.InputRateProcessors[1]);
        Assert.Equal(-1 + 1.5, chain.Clipper!.ClipLevelDbfs, 9);
        // The tone pass (no limiter) leaves it out: the solved gain must drive it.
        Assert.Null(new MasteringChain(again, 44100, 2, new ChainOptions(IncludeLimiter: false)).Clipper);
    }

    [Fact]
    public void Auto_puts_the_clip_level_the_limiters_share_above_the_ceiling()
    {
        var clipper = new Clipper(new ClipperSettings { Mode = ClipperMode.Auto, ThresholdDb = -3 }, -2, 1);
        Assert.Equal(-2 + ClipperSettings.AutoLimiterShareDb, clipper.ClipLevelDbfs, 9);
    }

    [Fact]
    public void Out_of_range_clipper_settings_and_a_clipper_without_the_limiter_are_refused_in_words()
    {
        var settings = new RenderSettings
        {
            Clipper = new() { Enabled = true, Settings = new ClipperSettings { ThresholdDb = 20, KneeDb = -1 } },
            Limiter = new() { Enabled = false, Settings = new() },
        };
        var problems = RenderSettingsValidator.Validate(settings);
        Assert.Contains(problems, p => p.StartsWith("Clipper: The clip level must be between 6 dB below and 12 dB above", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("The clipper is set from the limiter's ceiling", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("Parameter", p));
    }

    [Fact]
    public void The_command_line_turns_the_clipper_on_in_auto_or_at_a_level_and_refuses_anything_else()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 44100, 4, DenseMixSignals.DenseMix(44100));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(["render", mix, "-o", dir.File("out.wav"), "--target-lufs", "-8", "--ceiling-dbtp", "-1", "--clipper", "auto", "--json"], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.InRange(json.RootElement.GetProperty("integratedLufs").GetDouble(), -8.3, -7.7);
        var distortion = json.RootElement.GetProperty("distortion");
        Assert.True(distortion.GetProperty("clipperUsed").GetBoolean());
        Assert.True(distortion.GetProperty("addedThdPlusNoiseDb").GetDouble() < 0);
        Assert.True(distortion.GetProperty("crestFactorLostDb").GetDouble() > 0);

        var refused = new StringWriter();
        Assert.Equal(2, CliApp.Run(["render", mix, "-o", dir.File("x.wav"), "--clipper", "loud"], new StringWriter(), refused));
        Assert.Contains("--clipper must be auto, off or a clip level", refused.ToString(), StringComparison.Ordinal);
    }
}
