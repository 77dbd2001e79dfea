namespace MasteringPortal.Audio.IO;

/// <summary>
/// The sentences a musician sees when we refuse a file. Kept in one place so the wording stays
/// consistent between the portal, the CLI and the tests, and so no message ever carries a stack trace.
/// </summary>
public static class AudioMessages
{
    public const string ExportAgain = "Please export it again.";

    public static AudioFileException Empty() =>
        new("This file is empty (0 bytes). Please upload the exported audio file again.");

    public static AudioFileException NotAudio(string lookslike) =>
        new($"This is not an audio file: it looks like {lookslike}. Please upload a WAV, AIFF, FLAC or MP3 file.");

    public static AudioFileException Unrecognised() =>
        new("This file is not in an audio format we recognise. Please upload a WAV, AIFF, FLAC or MP3 file.");

    /// <summary>The data is shorter than the header declares: never analyse half a song silently.</summary>
    public static AudioFileException EndsEarly(long presentFrames, long declaredFrames, int sampleRateHz) =>
        new($"This file ends early: {FormatTime(presentFrames, sampleRateHz)} of the " +
            $"{FormatTime(declaredFrames, sampleRateHz)} its header declares is present. {ExportAgain}");

    public static AudioFileException EndsEarlyInHeader(string container) =>
        new($"This {container} file ends early: it stops inside its header, before any audio. {ExportAgain}");

    public static AudioFileException Damaged(string container, string what) =>
        new($"This {container} file is damaged: {what}. {ExportAgain}");

    public static AudioFileException Unsupported(string container, string what) =>
        new($"This {container} file uses {what}, which we cannot read. Please export it as 16- or 24-bit PCM or 32-bit float.");

    /// <summary>A file longer than the studio takes; <paramref name="length"/> when the header says it, else null.</summary>
    public static AudioFileException TooLong(TimeSpan? length, TimeSpan limit) =>
        new((length is { } l ? $"This file is {Length(l)} long" : $"This file goes on for more than {Minutes(limit)}") +
            $"; this studio takes files of up to {Minutes(limit)}. If it should be shorter, please export just the song; " +
            "for a longer piece, ask the studio to raise the limit.");

    /// <summary>A file's length as a musician reads it: "3 min 12 s" for a short one, "1 h 5 min" for a long one.</summary>
    static string Length(TimeSpan t) =>
        t.TotalMinutes < 10 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : Minutes(t);

    static string Minutes(TimeSpan t)
    {
        var minutes = Math.Max(1, (long)Math.Round(t.TotalMinutes));
        if (minutes < 60) return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        var (hours, rest) = (minutes / 60, minutes % 60);
        return rest == 0 ? (hours == 1 ? "1 hour" : $"{hours} hours") : $"{hours} h {rest} min";
    }

    public static AudioFileException NeedsFfmpeg(string formatName) =>
        new($"This file is {formatName}; reading it needs ffmpeg, which is not installed on the server.");

    public static AudioFileException Unfinished(string container) =>
        new($"This {container} file was never finished by the program that wrote it (the export or recording " +
            $"was probably interrupted), so its length is unknown. {ExportAgain}");

    public static AudioFileException CannotOpen(string path, Exception inner) =>
        new($"The file \"{Path.GetFileName(path)}\" could not be opened.", inner);

    public static AudioFileException ReadFailed(Exception inner) =>
        new("The file could not be read from storage. Please try again; if it keeps failing, upload it again.", inner);

    /// <summary>m:ss, or h:mm:ss from one hour, rounded down so "present" never overstates.</summary>
    public static string FormatTime(long frames, int sampleRateHz)
    {
        var seconds = sampleRateHz > 0 ? frames / sampleRateHz : 0;
        var h = seconds / 3600;
        var m = seconds / 60 % 60;
        var s = seconds % 60;
        return h > 0 ? $"{h}:{m:00}:{s:00}" : $"{m}:{s:00}";
    }
}
