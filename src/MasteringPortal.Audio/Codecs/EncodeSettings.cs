namespace MasteringPortal.Audio.Codecs;

/// <summary>The delivery formats we encode through ffmpeg.</summary>
public enum EncodedFormat
{
    /// <summary>MP3 via libmp3lame, constant bit rate.</summary>
    Mp3,
    /// <summary>AAC-LC via ffmpeg's native encoder, in an M4A (MP4) container.</summary>
    Aac,
    /// <summary>FLAC, lossless, 16 or 24-bit.</summary>
    Flac,
    /// <summary>Vorbis via libvorbis (average bit rate), in an Ogg container: what Spotify streams.</summary>
    Vorbis,
    /// <summary>
    /// Opus via libopus (variable bit rate, always coded at 48 kHz): what YouTube streams. Written in an Ogg container
    /// (YouTube's is WebM; the coded audio is the same, and Ogg is among the containers our decoder accepts).
    /// </summary>
    Opus,
}

/// <summary>What to encode to. Bit rates are in kbit/s for the whole stream (e.g. 320 for MP3).</summary>
/// <param name="FastCoder">AAC only: ffmpeg's fast coder instead of its default two-loop search (about twice as fast, a
/// little less efficient): for the platform checks, which approximate the platforms' own encoders anyway.</param>
public sealed record EncodeSettings(EncodedFormat Format, int BitrateKbps = 320, int FlacBitDepth = 24, bool FastCoder = false)
{
    public static EncodeSettings Mp3Cbr(int kbps = 320) => new(EncodedFormat.Mp3, kbps);
    public static EncodeSettings Aac(int kbps = 256, bool fastCoder = false) => new(EncodedFormat.Aac, kbps, FastCoder: fastCoder);
    public static EncodeSettings Flac(int bitDepth = 24) => new(EncodedFormat.Flac, 0, bitDepth);
    public static EncodeSettings Vorbis(int kbps = 160) => new(EncodedFormat.Vorbis, kbps);
    public static EncodeSettings Opus(int kbps = 160) => new(EncodedFormat.Opus, kbps);

    internal IEnumerable<string> FfmpegArguments()
    {
        switch (Format)
        {
            case EncodedFormat.Mp3:
                if (BitrateKbps is < 32 or > 320) throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps, "MP3 CBR is 32 to 320 kbit/s.");
                return ["-c:a", "libmp3lame", "-b:a", $"{BitrateKbps}k", "-f", "mp3"];
            case EncodedFormat.Aac:
                if (BitrateKbps is < 32 or > 512) throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps, "AAC is 32 to 512 kbit/s.");
                return FastCoder
                    ? ["-c:a", "aac", "-aac_coder", "fast", "-b:a", $"{BitrateKbps}k", "-movflags", "+faststart", "-f", "mp4"]
                    : ["-c:a", "aac", "-b:a", $"{BitrateKbps}k", "-movflags", "+faststart", "-f", "mp4"];
            case EncodedFormat.Vorbis:
                if (BitrateKbps is < 48 or > 500) throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps, "Vorbis is 48 to 500 kbit/s.");
                return ["-c:a", "libvorbis", "-b:a", $"{BitrateKbps}k", "-f", "ogg"];
            case EncodedFormat.Opus:
                // Opus codes at 48 kHz whatever it is given; ffmpeg converts other rates before the encoder.
                if (BitrateKbps is < 32 or > 510) throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps, "Opus is 32 to 510 kbit/s.");
                return ["-c:a", "libopus", "-b:a", $"{BitrateKbps}k", "-ar", "48000", "-f", "ogg"];
            case EncodedFormat.Flac:
                // ffmpeg's FLAC encoder takes s16, or s32 with the real width in bits_per_raw_sample.
                return FlacBitDepth switch
                {
                    16 => ["-c:a", "flac", "-sample_fmt", "s16", "-f", "flac"],
                    24 => ["-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", "-f", "flac"],
                    _ => throw new ArgumentOutOfRangeException(nameof(FlacBitDepth), FlacBitDepth, "FLAC is written as 16 or 24-bit."),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(Format));
        }
    }

    public string DisplayName => Format switch
    {
        EncodedFormat.Mp3 => "MP3",
        EncodedFormat.Aac => "AAC",
        EncodedFormat.Vorbis => "Ogg Vorbis",
        EncodedFormat.Opus => "Opus",
        _ => "FLAC",
    };
}
