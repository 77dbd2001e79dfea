using System.Text.Json;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Matching;
using MasteringPortal.Audio.Tests.Render;
using MasteringPortal.Cli;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Cli;

/// <summary>`mastering render MIX --reference REF …` through the CLI's entry point, in process.</summary>
public sealed class ReferenceMatchingCommandTests : IDisposable
{
    private const int Rate = 48000;
    private readonly RenderTestFolder _dir = new();
    private readonly string _mix, _reference, _dark;

    public ReferenceMatchingCommandTests()
    {
        var reference = MatchSignals.Reference(Rate, 8);
        _reference = MatchSignals.Write(_dir.File("reference.wav"), Rate, reference);
        _mix = MatchSignals.Write(_dir.File("mix.wav"), Rate, MatchSignals.Through(reference, Rate, MatchSignals.KnownEq, -5));
        _dark = MatchSignals.Write(_dir.File("dark.wav"), Rate, MatchSignals.Through(reference, Rate,
            [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 3000, GainDb = -5 }], -2));
    }

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Out, string Err) Mastering(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_weighted_two_reference_render_writes_the_master_the_report_and_the_settings()
    {
        var output = _dir.File("master.wav");
        var report = _dir.File("match.json");
        var settings = _dir.File("settings.json");
        var (code, stdout, stderr) = Mastering("render", _mix, "--reference", _reference, "--reference", _dark, "--weight", "0.5",
            "--match", "tone,loudness,width", "--amount", "80", "--amount-width", "100", "--max-boost-db", "4",
            "--match-report", report, "--save-settings", settings, "-o", output, "--json");
        Assert.True(code == 0, stderr);

        Assert.Equal(Rate, AudioFile.Probe(output, Ffmpeg.Tools).Format.SampleRateHz);
        using var json = JsonDocument.Parse(stdout);
        var match = json.RootElement.GetProperty("match");
        Assert.Equal(80, match.GetProperty("amounts").GetProperty("tonePercent").GetDouble());
        Assert.Equal(0, match.GetProperty("amounts").GetProperty("dynamicsPercent").GetDouble());

        var written = MatchReport.FromJson(File.ReadAllText(report));
        Assert.Equal(2, written.References.Count);
        Assert.Equal([1.0, 0.5], written.References.Select(r => r.Weight!.Value));
        Assert.NotNull(written.Master);
        Assert.Equal(31, written.Master!.MidDb.Length);
        Assert.Equal(written.TargetLufs!.Value, written.Master.IntegratedLufs!.Value, 0.3);
        Assert.All(written.Curves.MidEqDb.Where(g => g is not null), g => Assert.True(g <= 4.1, $"{g} dB over the 4 dB boost limit"));

        // The saved settings render the same match again: an ordinary document.
        var document = RenderSettings.FromJson(File.ReadAllText(settings));
        Assert.True(document.Eq.Enabled);
        Assert.Equal(written.TargetLufs, document.Loudness!.CustomLufs);
    }

    [Fact]
    public void The_plain_line_says_what_was_matched()
    {
        var (code, stdout, stderr) = Mastering("render", _mix, "--reference", _reference, "-o", _dir.File("out.wav"));
        Assert.True(code == 0, stderr);
        Assert.Contains("matched to reference.wav", stdout);
        Assert.False(File.Exists(_dir.File("match.json")));
    }

    [Theory]
    [InlineData("--weight", "1", "--reference", "REF")]
    [InlineData("--reference", "REF", "--weight", "heavy")]
    [InlineData("--reference", "REF", "--weight", "-1")]
    [InlineData("--reference", "REF", "--weight", "0")]
    [InlineData("--reference", "REF", "--match", "colour")]
    [InlineData("--reference", "REF", "--amount", "150")]
    [InlineData("--reference", "REF", "--max-cut-db", "30")]
    [InlineData("--match", "tone")]
    [InlineData("--amount", "50")]
    [InlineData("--no-auto-clipper")]
    [InlineData("--reference", "REF", "--target-lufs", "-12")]
    [InlineData("--reference", "missing.wav")]
    [InlineData("--reference", "NOTAUDIO")]
    public void Refused_matching_input_exits_2_with_one_line(params string[] options)
    {
        File.WriteAllText(_dir.File("notes.txt"), "not audio at all");
        var args = new List<string> { "render", _mix, "-o", _dir.File("out.wav") };
        args.AddRange(options.Select(o => o switch { "REF" => _reference, "NOTAUDIO" => _dir.File("notes.txt"), "missing.wav" => _dir.File("missing.wav"), _ => o }));
        var (code, _, stderr) = Mastering(args.ToArray());
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(_dir.File("out.wav")));
    }

    [Fact]
    public void Tone_only_keeps_the_preset_loudness_target()
    {
        var report = _dir.File("tone.json");
        var (code, _, stderr) = Mastering("render", _mix, "--reference", _reference, "--match", "tone", "--preset", "classical-jazz",
            "--match-report", report, "-o", _dir.File("out.wav"));
        Assert.True(code == 0, stderr);
        var written = MatchReport.FromJson(File.ReadAllText(report));
        Assert.Null(written.TargetLufs);
        Assert.Equal(RenderPresets.Load("classical-jazz").Loudness!.TargetLufs, written.Master!.IntegratedLufs!.Value, 0.3);
    }
}
