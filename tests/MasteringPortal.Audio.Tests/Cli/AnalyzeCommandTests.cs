using System.Text.Json;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Tests.Analysis;
using MasteringPortal.Cli;

namespace MasteringPortal.Audio.Tests.Cli;

/// <summary>Runs `mastering analyze` through its entry point, in process, on files written for each test.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private const int Rate = 48000;
    private readonly string _dir = Directory.CreateTempSubdirectory("mp-analyze-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Mastering(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string WriteWav(string name, float[] left, float[] right, int bitDepth = 24)
    {
        var path = Path.Combine(_dir, name);
        using var writer = new WavWriter(path, new PcmWriteFormat(Rate, 2, bitDepth));
        var interleaved = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++) { interleaved[2 * i] = left[i]; interleaved[2 * i + 1] = right[i]; }
        writer.Write(interleaved);
        writer.Complete();
        return path;
    }

    private string SineFile(double amplitude = 0.25)
    {
        var sine = Signals.Sine(1000, amplitude, Rate, 3);
        return WriteWav("sine.wav", sine, sine);
    }

    [Fact]
    public void Readable_report_lists_the_figures_with_units_and_every_check()
    {
        var (code, stdout, stderr) = Mastering("analyze", SineFile());
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.StartsWith("sine.wav", stdout);
        Assert.Matches(@"Integrated\s+-?\d+\.\d LUFS", stdout);
        Assert.Matches(@"True peak\s+-?\d+\.\d dBTP", stdout);
        Assert.Matches(@"Sample peak\s+-12\.0 dBFS", stdout);
        Assert.Contains("WAV, 24-bit PCM, 48 kHz, stereo", stdout);
        foreach (var id in new[] { "headroom", "clipping", "bus-limiting", "bit-depth", "sample-rate", "lossy-source", "dc-offset", "mono-compatibility", "silence" })
            Assert.Matches($@"(pass|warning|PROBLEM)\s+{id}\s+\S", stdout);
    }

    [Fact]
    public void Json_is_one_object_with_the_documented_fields()
    {
        var (code, stdout, stderr) = Mastering("analyze", SineFile(), "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Object, json.ValueKind);

        Assert.Equal("sine.wav", json.GetProperty("file").GetString());
        Assert.Equal(48000, json.GetProperty("sampleRateHz").GetInt32());
        Assert.Equal(2, json.GetProperty("channels").GetInt32());
        Assert.Equal(24, json.GetProperty("bitDepth").GetInt32());
        Assert.Equal(3.0, json.GetProperty("durationSeconds").GetDouble(), 9);
        // A 1 kHz sine at 48 kHz is sampled on its crest: 20·log10(0.25) = -12.04 dBFS, to 24-bit precision.
        Assert.Equal(-12.04, json.GetProperty("samplePeakDbfs").GetDouble(), 0.01);
        foreach (var name in new[] { "integratedLufs", "loudnessRangeLu", "truePeakDbtp", "maxMomentaryLufs", "maxShortTermLufs" })
            Assert.True(json.GetProperty(name).ValueKind is JsonValueKind.Number or JsonValueKind.Null, name);
        // Stereo 1 kHz sine at -12.04 dBFS per channel: -3.01 - 12.04 + 3.01 (two channels) = -12.04 LUFS (BS.1770-4, Tech 3341 ±0.1 LU).
        Assert.Equal(-12.04, json.GetProperty("integratedLufs").GetDouble(), 0.1);
        var checks = json.GetProperty("checks").EnumerateArray().ToArray();
        Assert.Equal(9, checks.Length);
        Assert.All(checks, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("id").GetString()));
            Assert.Contains(c.GetProperty("status").GetString(), new[] { "pass", "warning", "problem" });
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("message").GetString()));
        });
        Assert.False(json.TryGetProperty("waveforms", out _));
    }

    [Fact]
    public void Silence_gives_null_loudness_in_json()
    {
        var path = WriteWav("silence.wav", new float[Rate * 2], new float[Rate * 2]);
        var (code, stdout, _) = Mastering("analyze", path, "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("integratedLufs").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("truePeakDbtp").ValueKind);
    }

    [Fact]
    public void Waveform_option_adds_audiowaveform_peaks()
    {
        var (code, stdout, _) = Mastering("analyze", SineFile(), "--json", "--waveform");
        Assert.Equal(0, code);
        var waveforms = JsonDocument.Parse(stdout).RootElement.GetProperty("waveforms").EnumerateArray().ToArray();
        Assert.Equal([256, 1024, 4096], waveforms.Select(w => w.GetProperty("samples_per_pixel").GetInt32()).ToArray());
        var fine = waveforms[0];
        Assert.Equal(2, fine.GetProperty("version").GetInt32());
        Assert.Equal((Rate * 3 + 255) / 256, fine.GetProperty("length").GetInt32());
        Assert.Equal(fine.GetProperty("length").GetInt32() * 4, fine.GetProperty("data").GetArrayLength());
        // floor(±0.25 · 128) = ±32
        Assert.Equal(-32, fine.GetProperty("data")[0].GetInt32());
        Assert.Equal(32, fine.GetProperty("data")[1].GetInt32());
    }

    [Fact]
    public void A_text_file_named_wav_is_refused_with_exit_2_and_one_line()
    {
        var path = Path.Combine(_dir, "notes.wav");
        File.WriteAllText(path, "These are my lyrics, not audio.\nSecond verse.\n");
        var (code, stdout, stderr) = Mastering("analyze", path, "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("notes.wav: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void A_missing_file_is_refused_with_exit_2()
    {
        var (code, _, stderr) = Mastering("analyze", Path.Combine(_dir, "nope.wav"));
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("")]
    [InlineData("analyze")]
    [InlineData("analyze a.wav --loud")]
    [InlineData("analyse-this")]
    public void Bad_usage_exits_2_with_one_line(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (code, stdout, stderr) = Mastering(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.NotEmpty(stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
