using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Format facts of a compressed file from `ffprobe -print_format json -show_streams -show_format`.
/// The first audio stream is the one we analyse. LengthFrames is ffprobe's duration times the rate:
/// exact for lossless codecs whose header states the length (FLAC STREAMINFO), an estimate for
/// MP3/AAC (encoder delay, VBR files without a Xing/LAME header).
/// </summary>
public static class FfmpegProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static AudioFileInfo Probe(string path, string formatName, AudioTools tools)
    {
        var (_, ffprobe) = tools.Require(formatName);
        var json = Run(ffprobe, path, formatName, tools);
        try
        {
            return Parse(json);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new AudioFileException($"This {formatName} file could not be examined. {AudioMessages.ExportAgain}", e);
        }
    }

    internal static AudioFileInfo Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("streams", out var streams)) throw FfmpegMessages.NoAudio();
        JsonElement? audio = null;
        foreach (var s in streams.EnumerateArray())
            if (Str(s, "codec_type") == "audio") { audio = s; break; }
        if (audio is not { } a) throw FfmpegMessages.NoAudio();

        var codec = Str(a, "codec_name") ?? "unknown";
        var rate = int.Parse(Str(a, "sample_rate") ?? "0", CultureInfo.InvariantCulture);
        var channels = a.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 0;
        FormatLimits.CheckChannelsAndRate(codec.ToUpperInvariant(), channels, rate);
        var bits = Int(a, "bits_per_raw_sample");
        if (bits == 0) bits = Int(a, "bits_per_sample");

        // Prefer the stream's exact tick count (duration_ts x time_base) over the 6-decimal seconds string.
        long? frames = null;
        if (a.TryGetProperty("duration_ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var ticks)
            && ticks > 0 && Str(a, "time_base") is { } tb && tb.Split('/') is [var num, var den]
            && long.TryParse(num, CultureInfo.InvariantCulture, out var n) && long.TryParse(den, CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0)
            frames = (long)Math.Round((double)ticks * n * rate / d);
        if (frames is null)
        {
            var duration = Dbl(a, "duration") ?? (root.TryGetProperty("format", out var fmt) ? Dbl(fmt, "duration") : null);
            frames = duration is { } secs && secs > 0 ? (long)Math.Round(secs * rate) : null;
        }
        var format = new AudioFormat(rate, channels, bits, SampleEncoding.Compressed, ContainerName(codec));
        return new AudioFileInfo(format, frames);
    }

    /// <summary>Our short container names (see <see cref="AudioFormat.Container"/>).</summary>
    internal static string ContainerName(string codec) => codec switch
    {
        "mp3" or "mp3float" => "mp3",
        "aac" or "aac_latm" => "aac",
        "vorbis" => "vorbis",
        _ => codec,
    };

    private static string Run(string ffprobe, string path, string formatName, AudioTools tools)
    {
        var psi = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-v", "error", "-print_format", "json", "-show_streams", "-show_format", .. FfmpegInputs.File(path)])
            psi.ArgumentList.Add(arg);
        using var process = FfmpegProcess.Start(psi, formatName, tools);
        var stderr = new StderrTail();
        stderr.Attach(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new AudioFileException($"This {formatName} file took too long to examine. {AudioMessages.ExportAgain}");
        }
        process.WaitForExit(); // flush the async stderr reader
        if (process.ExitCode != 0) throw FfmpegMessages.DecodeFailed(formatName, stderr.Text);
        return stdout.GetAwaiter().GetResult();
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return 0;
        if (v.ValueKind == JsonValueKind.Number) return v.GetInt32();
        return int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : 0;
    }

    private static double? Dbl(JsonElement e, string name) =>
        Str(e, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
