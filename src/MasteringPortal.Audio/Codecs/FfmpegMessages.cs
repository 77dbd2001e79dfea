using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>Turns ffmpeg's stderr into a sentence for a musician (the raw text goes to the inner exception for logs).</summary>
internal static class FfmpegMessages
{
    public static AudioFileException DecodeFailed(string formatName, string stderr)
    {
        var detail = new InvalidOperationException("ffmpeg: " + stderr);
        if (stderr.Contains("not on whitelist", StringComparison.OrdinalIgnoreCase))
            return new AudioFileException("This file is not in an audio format we accept (it is a video, a playlist or " +
                "another kind of container). Please upload a WAV, AIFF, FLAC, MP3 or AAC/M4A file.", detail);
        if (stderr.Contains("Cannot allocate memory", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("failed to map segment", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return new AudioFileException($"This {formatName} file needs more memory to decode than the server allows: " +
                $"it is probably damaged. {AudioMessages.ExportAgain}", detail);
        if (stderr.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("could not find codec parameters", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase))
            return new AudioFileException($"This file could not be decoded: it looks like {formatName} but its data is damaged or incomplete. {AudioMessages.ExportAgain}", detail);
        if (stderr.Contains("does not contain any stream", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("matches no streams", StringComparison.OrdinalIgnoreCase))
            return NoAudio(detail);
        return new AudioFileException($"This {formatName} file could not be decoded. {AudioMessages.ExportAgain}", detail);
    }

    public static AudioFileException Stalled(string formatName) =>
        new($"Decoding this {formatName} file stopped making progress, so it was stopped: the file is probably damaged. " +
            AudioMessages.ExportAgain, new TimeoutException("ffmpeg produced no audio for " + FfmpegWatchdog.StallAfter));

    public static AudioFileException NoAudio(Exception? detail = null) =>
        new("This file has no audio track. Please upload the exported audio, not a video or project file.", detail ?? new InvalidOperationException("no audio stream"));

    public static AudioFileException EncodeFailed(string target, string stderr) =>
        new($"Encoding the {target} file failed. Please try again; if it keeps failing, contact support.",
            new InvalidOperationException("ffmpeg: " + stderr));
}
