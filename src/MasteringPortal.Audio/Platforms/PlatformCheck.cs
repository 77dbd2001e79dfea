using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Platforms;

/// <summary>
/// A master as one platform streams it (docs/TRANSLATION.md, "Platforms"): encoded with the platform's codec at its bit
/// rate, decoded again and measured (integrated loudness; true peak by our meter and by the BS.1770-4 4x filter the
/// platforms' meters use), the overs counted as Apple's `afclip` looks for them (samples or values between them above
/// full scale, or above the engineer's ceiling; those within 10 ms of each other count once), and the gain the platform's normalization applies
/// when it plays it.
/// </summary>
/// <param name="Codec">"Ogg Vorbis 160 kb/s".</param>
/// <param name="TruePeakDbtp">The decoded file's true peak by our meter (the one every other figure uses).</param>
/// <param name="TruePeakBs1770Dbtp">The decoded file's true peak by the BS.1770-4 Annex 2 filter, as the platforms read it.</param>
/// <param name="OversAboveFullScale">How many times the decoded file goes over 0 dBFS: where playback clips.</param>
/// <param name="OversAboveCeiling">How many times it goes over the master's ceiling.</param>
/// <param name="PlaybackGainDb">What the platform's normalization does to the level when it plays (negative = down).</param>
public sealed record PlatformCheck(
    StreamingPlatform Platform, string Name, string Codec, double? IntegratedLufs, double TruePeakDbtp, double TruePeakBs1770Dbtp,
    int OversAboveFullScale, int OversAboveCeiling, double CeilingDbtp, double PlaybackGainDb, string PlaybackSentence)
{
    /// <summary>The engineer's line: "Spotify (Ogg Vorbis 160 kb/s): -0.6 dBTP (BS.1770 -0.5), 3 overs above -1.0 dBTP, none above 0 dBFS."</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EngineerSummary =>
        $"{Name} ({Codec}): {Dbtp(TruePeakDbtp)} (BS.1770 filter {Dbtp(TruePeakBs1770Dbtp)}), " +
        $"{Count(OversAboveCeiling)} above the {Dbtp(CeilingDbtp)} ceiling, {Count(OversAboveFullScale)} above 0 dBFS.";

    /// <summary>The client's line, in plain words: whether the master clips when this platform plays it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClientSummary => OversAboveFullScale switch
    {
        0 => $"On {Name} this master plays without clipping.",
        1 => $"On {Name} this master would clip once; the engineer will fix this.",
        var n => $"On {Name} this master would clip {n} times; the engineer will fix this.",
    };

    /// <summary>Silence reads -144 dBTP (below any 24-bit signal), so the figures stay numbers in JSON.</summary>
    static double Finite(double dbtp) => double.IsFinite(dbtp) ? dbtp : -144;

    static string Count(int n) => n switch { 0 => "no overs", 1 => "1 over", _ => $"{n} overs" };

    static string Dbtp(double value) => value <= -144 ? "silence"
        : value.ToString("0.0", CultureInfo.InvariantCulture) + " dBTP";

    /// <summary>
    /// Encodes <paramref name="source"/> (the master, or what the client will hear of it) as <paramref name="rule"/>'s
    /// platform streams it into <paramref name="encodedPath"/>; on the caller's thread.
    /// </summary>
    public static void Encode(IAudioSource source, PlatformRule rule, string encodedPath, AudioTools tools, CancellationToken ct) =>
        FfmpegEncoder.Encode(source, encodedPath, rule.Codec.Settings, tools, ct);

    /// <summary>
    /// The check of a master: encoded as the platform streams it into <paramref name="encodedPath"/>, decoded and measured.
    /// <paramref name="masterLufs"/> and <paramref name="masterTruePeakDbtp"/> (the master's own figures) decide the
    /// platform's playback gain.
    /// </summary>
    public static PlatformCheck Run(string masterPath, PlatformRule rule, double ceilingDbtp, double? masterLufs, double masterTruePeakDbtp,
        string encodedPath, AudioTools tools, CancellationToken ct)
    {
        using (var master = AudioFile.OpenRead(masterPath, tools))
            Encode(master, rule, encodedPath, tools, ct);
        return Measure(encodedPath, rule, ceilingDbtp, masterLufs, masterTruePeakDbtp, tools, ct);
    }

    /// <summary>Decodes an encoded file and measures it (see <see cref="PlatformCheck"/>).</summary>
    public static PlatformCheck Measure(string encodedPath, PlatformRule rule, double ceilingDbtp, double? masterLufs, double masterTruePeakDbtp,
        AudioTools tools, CancellationToken ct)
    {
        using var decoded = AudioFile.OpenRead(encodedPath, tools);
        var f = decoded.Format;
        var meter = new LoudnessMeter(f.SampleRateHz, f.Channels, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var scanner = new Bs1770PeakScanner(f.Channels, f.SampleRateHz, [1.0, Math.Pow(10, ceilingDbtp / 20)]);
        var buffer = new float[4096 * f.Channels];
        int frames;
        while ((frames = decoded.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            var samples = buffer.AsSpan(0, frames * f.Channels);
            meter.AddFrames(samples);
            scanner.Add(samples);
        }
        var playback = masterLufs is { } lufs ? rule.Apply(lufs, masterTruePeakDbtp) : new PlatformPlayback(rule.Name, rule.TargetLufs, 0,
            $"{rule.Name} plays silence as it is.");
        return new PlatformCheck(rule.Platform, rule.Name, rule.Codec.Description, meter.IntegratedLufs, Finite(meter.TruePeakDbtp),
            Finite(scanner.MaxDbtp), scanner.Overs[0], scanner.Overs[1], ceilingDbtp, playback.GainDb, playback.Sentence);
    }
}
