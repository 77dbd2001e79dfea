using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Matching;
using MasteringPortal.Audio.Tests.Render;

namespace MasteringPortal.Audio.Tests.Codecs;

/// <summary>
/// An ffmpeg configured at a path that is not on PATH is the one every codec step uses. The configured tools are
/// wrapper scripts that log each call before running the real ffmpeg/ffprobe, so the log proves which binary ran
/// (PATH is left alone: tests share one process).
/// </summary>
public class ConfiguredFfmpegTests
{
    [SkippableFact]
    public void A_configured_ffmpeg_off_PATH_decodes_renders_mp3_and_aac_and_matches_an_mp3_mix()
    {
        Skip.If(Ffmpeg.Missing || OperatingSystem.IsWindows(), Ffmpeg.MissingReason);
        using var dir = new RenderTestFolder();
        var log = dir.File("calls.log");
        var tools = Wrappers(Directory.CreateDirectory(dir.File("tools")).FullName, log);
        Assert.DoesNotContain(Path.GetDirectoryName(tools.FfmpegPath)!, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));

        // The MP3 mix and reference are made with the real ffmpeg, before the log starts.
        var mix = Mp3(MatchSignals.Write(dir.File("mix.wav"), 44100, MatchSignals.Reference(44100, 8, lufs: -20, seed: 2)));
        var reference = Mp3(MatchSignals.Write(dir.File("reference.wav"), 44100, MatchSignals.Reference(44100, 8)));

        using (var source = AudioFile.OpenRead(mix, tools))
        {
            var buffer = new float[4096 * source.Format.Channels];
            while (source.Read(buffer) > 0) { }
        }
        Assert.Contains(Calls(log), c => c.StartsWith("ffprobe ") && c.Contains(mix));
        Assert.Contains(Calls(log), c => c.StartsWith("ffmpeg ") && c.Contains("-i file:" + Path.GetFullPath(mix)) && c.Contains("f32le"));

        var outputs = new RenderOutputs(dir.File("out"), "m", Deliverables.Wav24 | Deliverables.Mp3 | Deliverables.Aac);
        var result = Renderer.Render(mix, new RenderSettings(), outputs, tools);
        Assert.Equal([Deliverables.Wav24, Deliverables.Mp3, Deliverables.Aac], result.Files.Select(f => f.Kind));
        var calls = Calls(log);
        Assert.Contains(calls, c => c.StartsWith("ffmpeg ") && c.Contains("libmp3lame") && c.Contains("m.mp3"));
        Assert.Contains(calls, c => c.StartsWith("ffmpeg ") && c.Contains("-c:a aac") && c.Contains("m.m4a"));
        // The codec check decodes each lossy file again.
        Assert.Contains(calls, c => c.StartsWith("ffmpeg ") && c.Contains("-i file:" + Path.GetFullPath(outputs.Mp3Path)) && c.Contains("f32le"));
        Assert.Contains(calls, c => c.StartsWith("ffmpeg ") && c.Contains("-i file:" + Path.GetFullPath(outputs.AacPath)) && c.Contains("f32le"));

        var match = ReferenceMastering.Match(mix, [new ReferenceFile(reference)], new MatchOptions(), tools);
        Assert.NotNull(match.Settings);
        Assert.Contains(Calls(log), c => c.StartsWith("ffprobe ") && c.Contains(reference));
        Assert.Contains(Calls(log), c => c.StartsWith("ffmpeg ") && c.Contains("-i file:" + Path.GetFullPath(reference)) && c.Contains("f32le"));
    }

    [Fact]
    public void A_configured_ffmpeg_path_that_does_not_exist_means_ffmpeg_is_missing_even_with_one_on_PATH()
    {
        var tools = AudioTools.Resolve("/nonexistent/ffmpeg", null);
        Assert.Null(tools.FfmpegPath);
        Assert.False(tools.HasFfmpeg);

        using var dir = new RenderTestFolder();
        var mp3 = dir.File("fake.mp3");
        File.WriteAllBytes(mp3, [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        const string needsFfmpeg = "This file is MP3; reading it needs ffmpeg, which is not installed on the server.";
        Assert.Equal(needsFfmpeg, Assert.Throws<AudioFileException>(() => AudioFile.Probe(mp3, tools)).Message);
        Assert.Equal(needsFfmpeg, Assert.Throws<AudioFileException>(() => AudioFile.OpenRead(mp3, tools)).Message);
        Assert.Equal(needsFfmpeg, Assert.Throws<AudioFileException>(() =>
            Renderer.Render(mp3, new RenderSettings(), new RenderOutputs(dir.File("out"), "m"), tools)).Message);
    }

    /// <summary>ffmpeg and ffprobe scripts in <paramref name="folder"/> that append their arguments to <paramref name="log"/>.</summary>
    private static AudioTools Wrappers(string folder, string log)
    {
        foreach (var (name, real) in new[] { ("ffmpeg", Ffmpeg.Path!), ("ffprobe", Ffmpeg.ProbePath!) })
        {
            var script = Path.Combine(folder, name);
            File.WriteAllText(script, $"#!/bin/sh\necho \"{name} $*\" >> '{log}'\nexec '{real}' \"$@\"\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var tools = AudioTools.Resolve(Path.Combine(folder, "ffmpeg"), null);
        Assert.Equal(Path.Combine(folder, "ffmpeg"), tools.FfmpegPath);
        Assert.Equal(Path.Combine(folder, "ffprobe"), tools.FfprobePath);
        return tools;
    }

    private static string Mp3(string wav)
    {
        var mp3 = Path.ChangeExtension(wav, ".mp3");
        Ffmpeg.Run("-y", "-v", "error", "-i", wav, "-c:a", "libmp3lame", "-b:a", "192k", mp3);
        return mp3;
    }

    private static string[] Calls(string log) => File.Exists(log) ? File.ReadAllLines(log) : [];
}
