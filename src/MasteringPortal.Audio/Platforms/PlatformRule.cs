using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Platforms;

/// <summary>
/// What a streaming platform does to a master: its loudness normalization when played with normalization on (each
/// platform's default), and the codec and bit rate it streams (<see cref="Codec"/>). The rules, and where they come
/// from, are in docs/REVIEW.md and docs/TRANSLATION.md: Spotify (its artist help page): -14 LUFS, turned down when
/// louder; turned up when quieter, but only as far as keeps the true peak at -1 dBTP. Apple Music (Sound Check):
/// -16 LUFS, down, and up within the same peak limit. YouTube, Tidal and Amazon Music: -14 LUFS, and a quieter track
/// is left as it is (only turned down). The platforms apply the gain when they play, to the decoded stream.
/// </summary>
public sealed record PlatformRule(StreamingPlatform Platform, string Name, double TargetLufs, bool TurnsUp, PlatformCodec Codec,
    double PeakLimitDbtp = -1.0)
{
    public static readonly IReadOnlyList<PlatformRule> All =
    [
        new(StreamingPlatform.Spotify, "Spotify", -14, TurnsUp: true, new(EncodeSettings.Vorbis(160), "ogg", "audio/ogg")),
        new(StreamingPlatform.AppleMusic, "Apple Music", -16, TurnsUp: true, new(EncodeSettings.Aac(256, fastCoder: true), "m4a", "audio/mp4")),
        new(StreamingPlatform.YouTube, "YouTube", -14, TurnsUp: false, new(EncodeSettings.Opus(160), "opus", "audio/ogg")),
        new(StreamingPlatform.Tidal, "Tidal", -14, TurnsUp: false, new(EncodeSettings.Aac(320, fastCoder: true), "m4a", "audio/mp4")),
        new(StreamingPlatform.AmazonMusic, "Amazon Music", -14, TurnsUp: false, new(EncodeSettings.Aac(256, fastCoder: true), "m4a", "audio/mp4")),
    ];

    /// <summary>The platforms every revision is checked for and heard "as played" on, whatever the brief names.</summary>
    public static readonly IReadOnlyList<StreamingPlatform> Defaults = [StreamingPlatform.Spotify, StreamingPlatform.AppleMusic, StreamingPlatform.YouTube];

    public static PlatformRule Of(StreamingPlatform platform) => All.Single(r => r.Platform == platform);

    /// <summary>
    /// What album playback changes, for a track of an EP or album (<paramref name="tracks"/> ≥ 2): the per-track figures
    /// are what shuffle and playlists do; played as an album, Spotify and Tidal turn the whole release by one amount
    /// (docs/TRANSLATION.md, "Album playback", with the sources and what is not known).
    /// </summary>
    public static string AlbumNote(int tracks) =>
        $"This track is one of {tracks} on this release. The figures here are for the track on its own, as shuffle and playlists play it. "
        + "Played as an album, Spotify and Tidal turn the whole release up or down by one amount (Spotify reportedly sets it by the loudest track), "
        + "so the level steps between tracks stay as mastered. YouTube, Apple Music and Amazon Music are shown per track.";

    /// <summary>The gain the platform applies (dB, negative = turned down) and the sentence that says so.</summary>
    public PlatformPlayback Apply(double integratedLufs, double? truePeakDbtp)
    {
        var wanted = TargetLufs - integratedLufs;
        string sentence;
        double gain;
        if (Math.Abs(wanted) < 0.05)
        {
            gain = 0;
            sentence = $"{Name} plays this as it is (it is at its {Lufs(TargetLufs)} target).";
        }
        else if (wanted < 0)
        {
            gain = wanted;
            sentence = $"{Name} turns this down {Db(-gain)}.";
        }
        else if (!TurnsUp)
        {
            gain = 0;
            sentence = $"{Name} leaves this as it is: it plays {Db(wanted)} quieter than tracks at {Lufs(TargetLufs)}.";
        }
        else
        {
            var room = truePeakDbtp is { } peak ? PeakLimitDbtp - peak : double.PositiveInfinity;
            if (room >= wanted - 0.05)
            {
                gain = wanted;
                sentence = $"{Name} turns this up {Db(gain)}, within its peak limit.";
            }
            else
            {
                gain = Math.Max(0, room);
                sentence = gain < 0.05
                    ? $"{Name} cannot turn this up (its peaks already reach {Dbtp(PeakLimitDbtp)}): it plays {Db(wanted)} quieter than tracks at {Lufs(TargetLufs)}."
                    : $"{Name} turns this up only {Db(gain)} of the {Db(wanted)} it wants, to keep the peaks at {Dbtp(PeakLimitDbtp)}.";
            }
        }
        return new PlatformPlayback(Name, TargetLufs, Math.Round(gain, 1), sentence);
    }

    static string Db(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " dB";
    static string Lufs(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " LUFS";
    static string Dbtp(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " dBTP";
}

/// <param name="GainDb">What the platform does to the level, rounded to 0.1 dB; negative means turned down.</param>
public sealed record PlatformPlayback(string Platform, double TargetLufs, double GainDb, string Sentence);

/// <summary>How a platform streams: the encoder settings (codec and bit rate), the file's extension and its MIME type.</summary>
public sealed record PlatformCodec(EncodeSettings Settings, string Extension, string MimeType)
{
    /// <summary>"Ogg Vorbis 160 kb/s".</summary>
    public string Description => $"{Settings.DisplayName} {Settings.BitrateKbps} kb/s";
}
