namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// The input side of every ffmpeg and ffprobe call, in one place. A user's file is opened only as a local file
/// (`file:` prefix and a protocol whitelist, so no name or playlist inside it can make ffmpeg open a URL, another
/// file through `concat:`/`subfile:`, or a device) and only by an audio demuxer (a format whitelist, so a video
/// container, an HLS or concat playlist, or an image sequence is refused by ffmpeg itself before it parses anything).
/// </summary>
internal static class FfmpegInputs
{
    /// <summary>
    /// The demuxers a mix, reference or master may come through: the containers the portal accepts (WAV/RF64, W64,
    /// AIFF, FLAC, MP3, MP4/M4A for AAC and ALAC, raw ADTS AAC, Ogg for Vorbis, Opus and FLAC) and the audio-only
    /// formats the command line also reads (CAF, WavPack, Monkey's Audio, DSD, AMR).
    /// </summary>
    public const string AudioDemuxers = "wav,w64,aiff,flac,mp3,mov,aac,ogg,caf,wv,ape,dsf,iff,amr";

    /// <summary>Only local files and our own pipes.</summary>
    const string Protocols = "file,pipe";

    /// <summary>`-i` for a file on disk: whitelisted protocols and demuxers, the path forced to the file protocol.</summary>
    public static string[] File(string path) =>
        ["-protocol_whitelist", Protocols, "-format_whitelist", AudioDemuxers, "-i", "file:" + Path.GetFullPath(path)];

    /// <summary>`-i` for raw 32-bit float that we pipe in ourselves.</summary>
    public static string[] FloatPipe(int sampleRateHz, int channels) =>
    [
        "-protocol_whitelist", Protocols, "-format_whitelist", "f32le",
        "-f", "f32le", "-ar", sampleRateHz.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-ac", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "pipe:0",
    ];
}
