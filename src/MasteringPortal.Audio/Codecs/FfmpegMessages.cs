using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>Turns ffmpeg's stderr into a sentence for a musician (the raw text goes to the inner exception for logs).</summary>
internal static class FfmpegMessages
{
    public static AudioFileException DecodeFailed(string formatName, string stderr)
    {
        var detail = new InvalidOperationException("ffmpeg: " + stderr);
        if (stderr.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("could not find codec parameters", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase))
            return new AudioFileException($"This file could not be decoded: it looks like {formatName} but its data is damaged or incomplete. {AudioMessages.ExportAgain}", detail);
        if (stderr.Contains("does not contain any stream", StringComparison.OrdinalIgnoreCase) ||
            stderr.Contains("matches no streams", StringComparison.OrdinalIgnoreCase))
            return NoAudio(detail);
        return new AudioFileException($"This {formatName} file could not be decoded. {AudioMessages.ExportAgain}", detail);
    }

    public static AudioFileException NoAudio(Exception? detail = null) =>
        new("This file has no audio track. Please upload the exported audio, not a video or project file.", detail ?? new InvalidOperationException("no audio stream"));

    public static AudioFileException EncodeFailed(string target, string stderr) =>
        new($"Encoding the {target} file failed. Please try again; if it keeps failing, contact support.",
            new InvalidOperationException("ffmpeg: " + stderr));
}
