using System.Diagnostics;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Platforms;

/// <summary>
/// The BS.1770-4 peak scanner the platform check counts overs with: true peak within the standard filter's ripple of
/// the known peak of a sine whose samples miss it, overs counted once per run, quiet input skipped without changing
/// anything.
/// </summary>
public class Bs1770PeakScannerTests
{
    /// <summary>A sine at fs/4 with its samples at ±0.707 of its peak: the samples read -3 dB, the wave reaches <paramref name="peak"/>.</summary>
    static float[] QuarterRateSine(double peak, int frames, int channels = 2)
    {
        var x = new float[frames * channels];
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < channels; c++)
                x[i * channels + c] = (float)(peak * Math.Sin(Math.PI / 2 * i + Math.PI / 4));
        return x;
    }

    [Fact]
    public void The_true_peak_of_a_sine_between_its_samples_is_found_within_the_filters_ripple()
    {
        var scanner = new Bs1770PeakScanner(2, 48000, [1.0]);
        scanner.Add(QuarterRateSine(0.9, 4800));
        // The sine's real peak is 0.9 (-0.92 dBFS); its samples only reach 0.636 (-3.9 dBFS). BS.1770-4's filter
        // reads a quarter-rate tone within its pass-band ripple (±0.2 dB).
        Assert.Equal(20 * Math.Log10(0.9), scanner.MaxDbtp, 0.25);
        Assert.Equal(0, scanner.Overs[0]);
    }

    [Fact]
    public void Each_burst_over_a_threshold_counts_once_and_quiet_passages_in_between_count_nothing()
    {
        const int channels = 2;
        var scanner = new Bs1770PeakScanner(channels, 48000, [1.0, Math.Pow(10, -1.0 / 20)]);
        var quiet = QuarterRateSine(0.1, 2000);
        var hot = QuarterRateSine(1.1, 200);      // over 0 dBFS between its samples, though no sample is
        var warm = QuarterRateSine(0.95, 200);    // over -1 dBTP, under 0 dBFS
        foreach (var block in new[] { quiet, hot, quiet, hot, quiet, warm, quiet, hot, quiet })
            scanner.Add(block);
        // Three bursts over 0 dBFS, four over -1 dBTP (the warm one too): each burst's hundred wave crests, in both
        // channels at once, are one over; 42 ms of quiet between bursts parts them.
        Assert.Equal(3, scanner.Overs[0]);
        Assert.Equal(4, scanner.Overs[1]);
        Assert.Equal(20 * Math.Log10(1.1), scanner.MaxDbtp, 0.25);
    }

    [Fact]
    public void The_blocks_the_input_arrives_in_change_nothing_the_scanner_reports()
    {
        // The same signal at once, and in odd-sized pieces that split vector lanes and the filter's history.
        var signal = QuarterRateSine(0.2, 3000).Concat(QuarterRateSine(1.05, 301)).Concat(QuarterRateSine(0.97, 157)).Concat(QuarterRateSine(0.3, 3000)).ToArray();
        var whole = new Bs1770PeakScanner(2, 48000, [1.0, 0.9]);
        var pieces = new Bs1770PeakScanner(2, 48000, [1.0, 0.9]);
        whole.Add(signal);
        for (var start = 0; start < signal.Length; start += 2 * 7)
            pieces.Add(signal.AsSpan(start, Math.Min(2 * 7, signal.Length - start)));
        Assert.Equal(whole.MaxLinear, pieces.MaxLinear, 6);
        Assert.Equal(whole.Overs, pieces.Overs);
        Assert.Equal(whole.Frames, pieces.Frames);
    }
}

/// <summary>
/// A master checked as each platform streams it: the file really is in the platform's codec (ffprobe says so), its
/// figures are our meter's on the decoded file, the overs of a hot, bright master are counted, and the playback gain is
/// the platform's normalization rule applied to the master's own figures.
/// </summary>
public sealed class PlatformCheckTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mp-platform-check-");
    static readonly AudioTools Tools = AudioTools.FromPath();

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A loud, bright, hard-clipped master at 44.1 kHz: dense square-ish waves with peaks at full scale, where codecs overshoot.</summary>
    string HotMaster()
    {
        const int rate = 44100;
        var frames = rate * 4;
        var x = new float[frames * 2];
        var noise = new Random(3);
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / rate;
            var v = 1.6 * Math.Sin(2 * Math.PI * 220 * t) + 0.5 * Math.Sin(2 * Math.PI * 3520 * t) + 0.3 * (noise.NextDouble() * 2 - 1);
            var clipped = (float)Math.Clamp(v, -0.98, 0.98);
            x[2 * i] = clipped;
            x[2 * i + 1] = clipped;
        }
        var path = Path.Combine(_dir.FullName, "hot.wav");
        using var writer = new WavWriter(path, PcmWriteFormat.Pcm24(rate, 2));
        writer.Write(x);
        writer.Complete();
        return path;
    }

    static string Ffprobe(string path, string entries)
    {
        var psi = new ProcessStartInfo(Tools.FfprobePath ?? "ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", "a:0", "-show_entries", entries, "-of", "default=nw=1:nk=1", path })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    [SkippableTheory]
    [InlineData(StreamingPlatform.Spotify, "vorbis")]
    [InlineData(StreamingPlatform.AppleMusic, "aac")]
    [InlineData(StreamingPlatform.YouTube, "opus")]
    [InlineData(StreamingPlatform.Tidal, "aac")]
    public void A_hot_master_is_encoded_in_the_platforms_codec_measured_by_our_meter_and_its_overs_counted(StreamingPlatform platform, string codec)
    {
        Skip.If(Tools.FfmpegPath is null, "ffmpeg is not installed");
        var master = HotMaster();
        var rule = PlatformRule.Of(platform);
        var encoded = Path.Combine(_dir.FullName, $"{platform}.{rule.Codec.Extension}");
        var (masterLufs, masterPeak) = LossyDeliverable.Measure(master, Tools, default);

        var check = PlatformCheck.Run(master, rule, -1.0, masterLufs, masterPeak, encoded, Tools, default);

        Assert.Equal(codec, Ffprobe(encoded, "stream=codec_name"));
        var kbps = double.Parse(Ffprobe(encoded, "format=bit_rate"), System.Globalization.CultureInfo.InvariantCulture) / 1000;
        Assert.InRange(kbps, rule.Codec.Settings.BitrateKbps * 0.6, rule.Codec.Settings.BitrateKbps * 1.4);
        // The figures are our meter's on the decoded file.
        var (decodedLufs, decodedPeak) = LossyDeliverable.Measure(encoded, Tools, default);
        Assert.Equal(decodedLufs!.Value, check.IntegratedLufs!.Value, 0.01);
        Assert.Equal(decodedPeak, check.TruePeakDbtp, 0.01);
        // A master held at -0.2 dBFS and full of square edges goes over its -1 dBTP ceiling once encoded, many times.
        Assert.True(check.TruePeakDbtp > -1.0, $"{check.TruePeakDbtp:0.00} dBTP");
        Assert.True(check.OversAboveCeiling > 0, $"{check.OversAboveCeiling} overs");
        // The BS.1770 filter's reading is near ours (its ripple and the codec's top end set the difference).
        Assert.Equal(check.TruePeakDbtp, check.TruePeakBs1770Dbtp, 0.6);
        // Played with normalization: the platform's rule on the master's own figures.
        Assert.Equal(rule.Apply(masterLufs!.Value, masterPeak).GainDb, check.PlaybackGainDb);
        Assert.True(check.PlaybackGainDb < 0, "a master this loud is turned down");
        Assert.Contains(rule.Name, check.ClientSummary);
    }
}
