using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// The ffmpeg bridge: a generated sine goes out through MP3/AAC/FLAC and comes back through our
/// decoder with the right facts and level (FLAC bit-exact). Without ffmpeg, WAV still works and other
/// formats say that ffmpeg is missing.
/// </summary>
public sealed class FfmpegCodecTests : IClassFixture<FfmpegCodecTests.Master>
{
    public const int RateHz = 44100;
    public const int Frames = RateHz * 2; // 2 s

    /// <summary>A 16-bit stereo master: 1 kHz at -6 dBFS left, 440 Hz at -12 dBFS right.</summary>
    public sealed class Master : IDisposable
    {
        public TempFolder Temp { get; } = new();
        public string WavPath { get; }
        public float[] Samples { get; }

        public Master()
        {
            WavPath = Temp.File("master.wav");
            var raw = new float[Frames * 2];
            for (var i = 0; i < Frames; i++)
            {
                raw[2 * i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / RateHz));
                raw[2 * i + 1] = (float)(0.25 * Math.Sin(2 * Math.PI * 440 * i / RateHz));
            }
            using (var w = new WavWriter(WavPath, PcmWriteFormat.Pcm16(RateHz, 2)))
            {
                w.Write(raw);
                w.Complete();
            }
            Samples = AudioReading.ReadAll(WavPath);
        }

        public void Dispose() => Temp.Dispose();
    }

    private readonly Master _master;

    public FfmpegCodecTests(Master master) => _master = master;

    /// <summary>RMS in dBFS of one channel over the middle of the signal (codec start-up excluded).</summary>
    private static double RmsDb(float[] interleaved, int channel)
    {
        var frames = interleaved.Length / 2;
        double sum = 0;
        int n = 0;
        for (var i = frames / 10; i < frames * 9 / 10; i++, n++) sum += interleaved[2 * i + channel] * (double)interleaved[2 * i + channel];
        return 10 * Math.Log10(sum / n);
    }

    [SkippableTheory]
    [InlineData(EncodedFormat.Mp3, 320, "mp3", 1152, false)]     // MP3 frame: 1152 samples
    [InlineData(EncodedFormat.Aac, 256, "aac", 1024, false)]     // AAC-LC frame: 1024 samples
    [InlineData(EncodedFormat.Mp3, 192, "mp3", 1152, true)]
    [InlineData(EncodedFormat.Aac, 128, "aac", 1024, true)]
    public void Lossy_round_trip_keeps_rate_channels_duration_and_level(EncodedFormat format, int kbps, string container, int codecFrame, bool fromSource)
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var output = _master.Temp.File($"out-{kbps}-{fromSource}.{container}");
        var settings = new EncodeSettings(format, kbps);
        if (fromSource)
        {
            using var source = AudioFile.OpenRead(_master.WavPath, Ffmpeg.Tools);
            FfmpegEncoder.Encode(source, output, settings, Ffmpeg.Tools);
        }
        else FfmpegEncoder.Encode(_master.WavPath, output, settings, Ffmpeg.Tools);

        var info = AudioFile.Probe(output, Ffmpeg.Tools);
        Assert.Equal(container, info.Format.Container);
        Assert.Equal(SampleEncoding.Compressed, info.Format.Encoding);
        Assert.True(info.Format.IsLossy);
        Assert.Equal(RateHz, info.Format.SampleRateHz);
        Assert.Equal(2, info.Format.Channels);

        using var decoder = AudioFile.OpenRead(output, Ffmpeg.Tools);
        Assert.IsType<FfmpegDecoder>(decoder);
        var decoded = AudioReading.ReadAll(decoder, 4096);
        // Gapless metadata (LAME tag, MP4 edit list) lets ffmpeg trim priming and padding; allow one codec frame.
        Assert.InRange(decoded.Length / 2, Frames - codecFrame, Frames + codecFrame);
        Assert.InRange(RmsDb(decoded, 0), RmsDb(_master.Samples, 0) - 0.5, RmsDb(_master.Samples, 0) + 0.5);
        Assert.InRange(RmsDb(decoded, 1), RmsDb(_master.Samples, 1) - 0.5, RmsDb(_master.Samples, 1) + 0.5);
    }

    [SkippableTheory]
    [InlineData(false, 16)]
    [InlineData(true, 16)]
    [InlineData(true, 24)]
    public void Flac_round_trip_is_bit_exact(bool fromSource, int bitDepth)
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var output = _master.Temp.File($"out-{fromSource}-{bitDepth}.flac");
        if (fromSource)
        {
            using var source = AudioFile.OpenRead(_master.WavPath, Ffmpeg.Tools);
            FfmpegEncoder.Encode(source, output, EncodeSettings.Flac(bitDepth), Ffmpeg.Tools);
        }
        else FfmpegEncoder.Encode(_master.WavPath, output, EncodeSettings.Flac(bitDepth), Ffmpeg.Tools);

        var info = AudioFile.Probe(output, Ffmpeg.Tools);
        Assert.Equal("flac", info.Format.Container);
        Assert.False(info.Format.IsLossy);
        Assert.Equal(bitDepth, info.Format.BitDepth);
        Assert.Equal(RateHz, info.Format.SampleRateHz);
        Assert.Equal(Frames, info.LengthFrames);
        Assert.Equal(_master.Samples, AudioReading.ReadAll(output));
    }

    [SkippableFact]
    public void Ogg_vorbis_opus_and_alac_decode_through_ffmpeg()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var ogg = _master.Temp.File("other.ogg");
        var opus = _master.Temp.File("other.opus");
        var alac = _master.Temp.File("other.m4a");
        Ffmpeg.Run("-y", "-v", "error", "-i", _master.WavPath,
            "-c:a", "libvorbis", "-q:a", "6", ogg,
            "-c:a", "libopus", "-b:a", "160k", opus,
            "-c:a", "alac", alac);

        foreach (var (path, container, rateHz) in new[] { (ogg, "vorbis", RateHz), (opus, "opus", 48000), (alac, "alac", RateHz) })
        {
            var info = AudioFile.Probe(path, Ffmpeg.Tools);
            Assert.Equal(container, info.Format.Container);
            Assert.Equal(rateHz, info.Format.SampleRateHz); // Opus always decodes at 48 kHz
            Assert.Equal(2, info.Format.Channels);
            var decoded = AudioReading.ReadAll(path);
            if (container == "alac")
            {
                Assert.Equal(_master.Samples, decoded); // lossless
                continue;
            }
            // Lossy: level within 0.5 dB; length within 20 ms (an Opus frame) of 2 s at the decoded rate.
            Assert.InRange(decoded.Length / 2, rateHz * 2 - rateHz / 50, rateHz * 2 + rateHz / 50);
            Assert.InRange(RmsDb(decoded, 0), RmsDb(_master.Samples, 0) - 0.5, RmsDb(_master.Samples, 0) + 0.5);
            Assert.InRange(RmsDb(decoded, 1), RmsDb(_master.Samples, 1) - 0.5, RmsDb(_master.Samples, 1) + 0.5);
        }
    }

    [SkippableFact]
    public void A_cut_flac_file_is_refused_as_ending_early()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var flac = _master.Temp.File("cut.flac");
        FfmpegEncoder.Encode(_master.WavPath, flac, EncodeSettings.Flac(16), Ffmpeg.Tools);
        var bytes = File.ReadAllBytes(flac);
        File.WriteAllBytes(flac, bytes[..(bytes.Length * 6 / 10)]);
        var e = Assert.Throws<AudioFileException>(() => AudioReading.ReadAll(flac));
        Assert.Contains("This file ends early: 0:01 of the 0:02 its header declares is present.", e.Message);
    }

    [SkippableFact]
    public void Encoding_never_leaves_a_file_under_the_final_name_when_ffmpeg_fails()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var notAudio = _master.Temp.File("notes.txt");
        File.WriteAllText(notAudio, "just words");
        var output = _master.Temp.File("failed.mp3");
        var e = Assert.Throws<AudioFileException>(() => FfmpegEncoder.Encode(notAudio, output, EncodeSettings.Mp3Cbr(), Ffmpeg.Tools));
        Assert.Contains("Encoding the MP3 file failed", e.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_master.Temp.Root, "*.partial"));
    }

    [SkippableFact]
    public void Cancelling_an_encode_removes_the_partial_file()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var output = _master.Temp.File("cancelled.flac");
        using var cts = new CancellationTokenSource();
        using var source = new CancellingSource(AudioFile.OpenRead(_master.WavPath, Ffmpeg.Tools), cts);
        Assert.ThrowsAny<OperationCanceledException>(() => FfmpegEncoder.Encode(source, output, EncodeSettings.Flac(16), Ffmpeg.Tools, cts.Token));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_master.Temp.Root, "*cancelled*"));
    }

    [SkippableFact]
    public void Disposing_a_decoder_early_stops_ffmpeg()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var flac = _master.Temp.File("early.flac");
        FfmpegEncoder.Encode(_master.WavPath, flac, EncodeSettings.Flac(16), Ffmpeg.Tools);
        var decoder = (FfmpegDecoder)AudioFile.OpenRead(flac, Ffmpeg.Tools);
        Assert.Equal(512, decoder.Read(new float[1024]));
        var pid = decoder.ProcessId;
        Assert.True(IsRunningFfmpeg(pid));
        decoder.Dispose();
        Assert.False(IsRunningFfmpeg(pid));
    }

    private static bool IsRunningFfmpeg(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited && p.ProcessName.StartsWith("ffmpeg", StringComparison.Ordinal);
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    [SkippableFact]
    public void A_damaged_mp3_is_refused_with_a_plain_message()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var path = _master.Temp.File("broken.mp3");
        var bytes = new byte[4000];
        new Random(5).NextBytes(bytes);
        "ID3"u8.CopyTo(bytes);
        bytes[3] = 4; bytes[4] = 0; bytes[5] = 0; bytes[6] = 0; bytes[7] = 0; bytes[8] = 0; bytes[9] = 10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<AudioFileException>(() =>
        {
            using var s = AudioFile.OpenRead(path, Ffmpeg.Tools);
            AudioReading.ReadAll(s);
        });
        Assert.DoesNotContain("Exception", e.Message);
        Assert.Contains("MP3", e.Message);
    }

    [Fact]
    public void Without_ffmpeg_wav_still_reads_and_mp3_names_ffmpeg()
    {
        var missing = AudioTools.Resolve("/nonexistent/ffmpeg", "/nonexistent/ffprobe");
        Assert.Equal(_master.Samples, AudioReading.ReadAll(_master.WavPath, missing));

        var mp3 = _master.Temp.File("fake.mp3");
        File.WriteAllBytes(mp3, [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<AudioFileException>(() => AudioFile.OpenRead(mp3, missing));
        Assert.Equal("This file is MP3; reading it needs ffmpeg, which is not installed on the server.", e.Message);
        e = Assert.Throws<AudioFileException>(() => AudioFile.Probe(mp3, missing));
        Assert.Equal("This file is MP3; reading it needs ffmpeg, which is not installed on the server.", e.Message);
        e = Assert.Throws<AudioFileException>(() => FfmpegEncoder.Encode(_master.WavPath, _master.Temp.File("x.mp3"), EncodeSettings.Mp3Cbr(), missing));
        Assert.Contains("needs ffmpeg", e.Message);
    }

    [Fact]
    public void A_configured_ffmpeg_path_that_does_not_exist_counts_as_missing()
    {
        Assert.Null(AudioTools.Resolve("/nonexistent/ffmpeg", null).FfmpegPath);
        if (!Ffmpeg.Missing) Assert.Equal(Ffmpeg.Path, AudioTools.Resolve(Ffmpeg.Path, null).FfmpegPath);
    }

    /// <summary>Cancels the token after the first block, as a user pressing "stop" mid-render would.</summary>
    private sealed class CancellingSource(IAudioSource inner, CancellationTokenSource cts) : IAudioSource
    {
        public AudioFormat Format => inner.Format;
        public long? LengthFrames => inner.LengthFrames;

        public int Read(Span<float> interleaved)
        {
            var n = inner.Read(interleaved);
            cts.Cancel();
            return n;
        }

        public void Dispose() => inner.Dispose();
    }
}
