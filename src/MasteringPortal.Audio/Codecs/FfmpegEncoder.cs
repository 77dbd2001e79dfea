using System.Globalization;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Encodes delivery files (MP3 CBR, AAC in M4A, FLAC) with ffmpeg, written through <see cref="FfmpegToFile"/>: a
/// temporary name renamed into place only when ffmpeg succeeds, ffmpeg killed on failure or cancellation.
/// </summary>
public static class FfmpegEncoder
{
    /// <summary>Encodes a file ffmpeg can read (typically our WAV master).</summary>
    public static void Encode(string inputPath, string outputPath, EncodeSettings settings,
        AudioTools tools, CancellationToken cancellationToken = default)
    {
        var ffmpeg = RequireFfmpeg(settings, tools);
        Run(ffmpeg, [.. FfmpegInputs.File(inputPath), "-map", "0:a:0"], outputPath, settings, tools, feed: null, cancellationToken);
    }

    /// <summary>Encodes a stream of float samples, piped to ffmpeg as 32-bit float (no intermediate file).</summary>
    public static void Encode(IAudioSource source, string outputPath, EncodeSettings settings,
        AudioTools tools, CancellationToken cancellationToken = default)
    {
        var ffmpeg = RequireFfmpeg(settings, tools);
        var f = source.Format;
        Run(ffmpeg, FfmpegInputs.FloatPipe(f.SampleRateHz, f.Channels), outputPath, settings, tools,
            (stdin, touch) => Feed(source, stdin, touch, cancellationToken), cancellationToken);
    }

    private static string RequireFfmpeg(EncodeSettings settings, AudioTools tools) =>
        tools.FfmpegPath ?? throw new AudioFileException(
            $"Encoding {settings.DisplayName} needs ffmpeg, which is not installed on the server.");

    private static void Feed(IAudioSource source, Stream stdin, Action progressed, CancellationToken ct)
    {
        var buffer = new float[8192 * source.Format.Channels];
        int frames;
        while ((frames = source.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            var samples = buffer.AsSpan(0, frames * source.Format.Channels);
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("f32le piping assumes a little-endian machine.");
            stdin.Write(MemoryMarshal.AsBytes(samples));
            progressed();
        }
    }

    private static void Run(string ffmpeg, string[] input, string outputPath, EncodeSettings settings, AudioTools tools,
        Action<Stream, Action>? feed, CancellationToken ct)
    {
        var codecArgs = settings.FfmpegArguments().ToArray(); // validates before any process starts
        string[] arguments = [.. feed is null ? ["-nostdin"] : Array.Empty<string>(), "-hide_banner", "-loglevel", "error", "-y", .. input,
            "-vn", "-map_metadata", "-1", .. codecArgs];
        FfmpegToFile.Run(ffmpeg, arguments, outputPath, settings.DisplayName, tools,
            stderr => FfmpegMessages.EncodeFailed(settings.DisplayName, stderr ?? "no progress for " + FfmpegWatchdog.StallAfter), feed, ct);
    }
}
