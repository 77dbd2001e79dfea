using System.Diagnostics;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Render;

namespace MasteringPortal.Audio.Tests.Codecs;

/// <summary>
/// ffmpeg runs on files strangers upload: it may open them only through an audio demuxer and the file protocol,
/// under a memory limit, and a process that stops making progress is killed rather than waited on.
/// </summary>
public class FfmpegHardeningTests
{
    [SkippableFact]
    public void Audio_inside_a_video_container_is_refused_by_the_demuxer_whitelist_with_a_musicians_message()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        using var dir = new RenderTestFolder();
        // MP3 audio in a Matroska container: the codec is one we take, the container is not.
        var mka = dir.File("song.mka");
        Ffmpeg.Run("-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libmp3lame", "-f", "matroska", mka);

        var refused = Assert.Throws<AudioFileException>(() => AudioFile.Probe(mka, Ffmpeg.Tools));
        Assert.Contains("not in an audio format", refused.Message);
        refused = Assert.Throws<AudioFileException>(() => { using var s = AudioFile.OpenRead(mka, Ffmpeg.Tools); });
        Assert.Contains("not in an audio format", refused.Message);

        // The same audio in its own container still reads.
        var mp3 = dir.File("song.mp3");
        Ffmpeg.Run("-y", "-v", "error", "-i", mka, "-c:a", "copy", mp3);
        Assert.Equal(44100, AudioFile.Probe(mp3, Ffmpeg.Tools).Format.SampleRateHz);
    }

    [SkippableFact]
    public void Every_ffmpeg_and_ffprobe_call_names_its_protocols_and_demuxers()
    {
        Skip.If(Ffmpeg.Missing || OperatingSystem.IsWindows(), Ffmpeg.MissingReason);
        using var dir = new RenderTestFolder();
        var log = dir.File("calls.log");
        var tools = LoggingTools(Directory.CreateDirectory(dir.File("tools")).FullName, log, realFfmpeg: true);
        var mp3 = dir.File("tone.mp3");
        Ffmpeg.Run("-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libmp3lame", mp3);

        using (var source = AudioFile.OpenRead(mp3, tools)) while (source.Read(new float[4096 * source.Format.Channels]) > 0) { }
        FfmpegEncoder.Encode(mp3, dir.File("tone.m4a"), EncodeSettings.Aac(256), tools);

        var calls = File.ReadAllLines(log);
        Assert.True(calls.Length >= 3, string.Join("\n", calls));
        Assert.All(calls, c =>
        {
            Assert.Contains("-protocol_whitelist file,pipe", c);
            Assert.Contains("-format_whitelist ", c);
            Assert.Contains("-i file:/", c);
        });
    }

    [SkippableFact]
    public void A_decoder_that_runs_out_of_its_memory_limit_fails_with_a_message_instead_of_taking_the_server()
    {
        Skip.If(Ffmpeg.Missing || !OperatingSystem.IsLinux(), Ffmpeg.MissingReason);
        Skip.If(Ffmpeg.Tools.PrlimitPath is null, "prlimit (util-linux) is not installed");
        using var dir = new RenderTestFolder();
        var mp3 = dir.File("tone.mp3");
        Ffmpeg.Run("-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libmp3lame", mp3);

        // 16 MB of address space is not enough for ffmpeg to even load its libraries: the limit is really applied.
        var starved = Ffmpeg.Tools.WithMemoryLimit(16L << 20);
        var refused = Assert.Throws<AudioFileException>(() => AudioFile.Probe(mp3, starved));
        Assert.Contains("more memory to decode than the server allows", refused.Message);

        // The default limit leaves ordinary files alone.
        Assert.Equal(AudioTools.DefaultMemoryLimitBytes, Ffmpeg.Tools.MemoryLimitBytes);
        Assert.Equal(44100, AudioFile.Probe(mp3, Ffmpeg.Tools).Format.SampleRateHz);
    }

    [SkippableFact]
    public void A_decoder_that_produces_no_audio_is_killed_and_reported_as_stuck()
    {
        Skip.If(Ffmpeg.Missing || OperatingSystem.IsWindows(), Ffmpeg.MissingReason);
        using var dir = new RenderTestFolder();
        var mp3 = dir.File("tone.mp3");
        Ffmpeg.Run("-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libmp3lame", mp3);
        // A real ffprobe, and an "ffmpeg" that hangs without writing a byte, as a decoder stuck on a crafted file would.
        var tools = LoggingTools(Directory.CreateDirectory(dir.File("tools")).FullName, dir.File("calls.log"), realFfmpeg: false);

        using var decoder = FfmpegDecoder.Open(mp3, "MP3", tools, stallAfter: TimeSpan.FromMilliseconds(300));
        var stuck = Assert.Throws<AudioFileException>(() => decoder.Read(new float[4096 * decoder.Format.Channels]));
        Assert.Contains("stopped making progress", stuck.Message);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(decoder.ProcessId));
    }

    [Fact]
    public void The_watchdog_leaves_a_process_alone_while_its_owner_is_not_waiting_on_it()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            using (var watchdog = new FfmpegWatchdog(sleeper, TimeSpan.FromMilliseconds(100)) { Waiting = false })
            {
                // Several of its periods pass without progress, but nobody is waiting on the process.
                Thread.Sleep(500);
                Assert.False(watchdog.Fired);
                Assert.False(sleeper.HasExited);
                watchdog.Waiting = true;
                Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(30)), "the stalled process was not killed");
                Assert.True(watchdog.Fired);
            }
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
        }
    }

    /// <summary>ffmpeg/ffprobe scripts that log their arguments; ffmpeg either runs the real one or hangs silently.</summary>
    static AudioTools LoggingTools(string folder, string log, bool realFfmpeg)
    {
        foreach (var (name, real) in new[] { ("ffmpeg", Ffmpeg.Path!), ("ffprobe", Ffmpeg.ProbePath!) })
        {
            var script = Path.Combine(folder, name);
            var run = name == "ffmpeg" && !realFfmpeg ? "exec sleep 60" : $"exec '{real}' \"$@\"";
            File.WriteAllText(script, $"#!/bin/sh\necho \"$*\" >> '{log}'\n{run}\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return AudioTools.Resolve(Path.Combine(folder, "ffmpeg"), null);
    }
}
