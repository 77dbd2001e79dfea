using System.Text.Json;
using MasteringPortal.Audio.IO;
using MasteringPortal.Cli;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Render;

public class RenderCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Render_is_a_registered_command()
    {
        Assert.Contains(CliApp.Commands, c => c.Name == "render");
    }

    [Fact]
    public void Every_command_class_is_listed()
    {
        // The list is written out (the CLI is compiled ahead of time for the benchmarks, where reflection cannot
        // find a type nothing names): a new command that is not added to it fails here.
        var declared = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => t.Name).Order().ToArray();
        Assert.Equal(declared, CliApp.Commands.Select(c => c.GetType().Name).Order().ToArray());
    }

    [Fact]
    public void A_wav24_render_with_a_preset_prints_the_achieved_figures_as_json()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 44100, 6, RenderTestSignals.Dynamic(44100));
        var output = dir.File("out.wav");
        var (code, stdout, stderr) = Run("render", mix, "-o", output, "--preset", "acoustic-folk", "--target-lufs", "-15", "--ceiling-dbtp", "-1.5", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.InRange(json.RootElement.GetProperty("integratedLufs").GetDouble(), -15.3, -14.7);
        Assert.True(json.RootElement.GetProperty("truePeakDbtp").GetDouble() <= -1.5 + 0.1);
        Assert.True(json.RootElement.TryGetProperty("loudnessRangeLu", out _));
        Assert.True(json.RootElement.GetProperty("renderTimeSeconds").GetDouble() > 0);
        Assert.Equal(24, AudioFile.Probe(output, Ffmpeg.Tools).Format.BitDepth);
    }

    [Fact]
    public void A_wav16_render_writes_16_bit_44k1_to_the_named_file()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 48000, 3, RenderTestSignals.Tonal(48000));
        var output = dir.File("cd.wav");
        var (code, _, stderr) = Run("render", mix, "-o", output, "--format", "wav16");
        Assert.True(code == 0, stderr);
        var info = AudioFile.Probe(output, Ffmpeg.Tools);
        Assert.Equal(44100, info.Format.SampleRateHz);
        Assert.Equal(16, info.Format.BitDepth);
    }

    [SkippableFact]
    public void Format_flac_writes_a_lossless_master_beside_the_name_given()
    {
        Skip.If(Ffmpeg.Missing, "ffmpeg is not installed");
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 48000, 3, RenderTestSignals.Tonal(48000));
        var (code, _, stderr) = Run("render", mix, "-o", dir.File("master.flac"), "--format", "flac");
        Assert.True(code == 0, stderr);
        var info = AudioFile.Probe(dir.File("master.flac"), Ffmpeg.Tools);
        Assert.Equal((48000, 24), (info.Format.SampleRateHz, info.Format.BitDepth));
        Assert.False(File.Exists(dir.File("master.wav")));
    }

    [Theory]
    [InlineData("--preset", "polka")]
    [InlineData("--format", "ogg")]
    [InlineData("--target-lufs", "loud")]
    [InlineData("--ceiling-dbtp", "+3")]
    [InlineData("--sample-rate", "22050")]
    public void Refused_settings_exit_2_with_one_line(string option, string value)
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 44100, 1, RenderTestSignals.Tonal(44100));
        var (code, _, stderr) = Run("render", mix, "-o", dir.File("out.wav"), option, value);
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Fact]
    public void A_settings_file_that_is_not_json_exits_2()
    {
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 44100, 1, RenderTestSignals.Tonal(44100));
        File.WriteAllText(dir.File("s.json"), "{ oops");
        var (code, _, stderr) = Run("render", mix, "-o", dir.File("out.wav"), "--settings", dir.File("s.json"));
        Assert.Equal(2, code);
        Assert.Contains("not valid JSON", stderr);
    }

    [Fact]
    public void A_file_that_is_not_audio_exits_2_with_a_message_for_a_musician()
    {
        using var dir = new RenderTestFolder();
        File.WriteAllText(dir.File("notes.wav"), "these are my lyrics, not audio");
        var (code, _, stderr) = Run("render", dir.File("notes.wav"), "-o", dir.File("out.wav"));
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void A_missing_output_option_exits_2()
    {
        var (code, _, stderr) = Run("render", "mix.wav");
        Assert.Equal(2, code);
        Assert.Contains("-o OUT", stderr);
    }
}
