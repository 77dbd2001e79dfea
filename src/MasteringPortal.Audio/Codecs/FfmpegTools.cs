using System.ComponentModel;
using System.Diagnostics;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>The resolved pair of executables for one operation, from <see cref="AudioDecodeOptions"/>.</summary>
internal sealed record FfmpegTools(string Ffmpeg, string Ffprobe)
{
    /// <summary>Both tools, or an AudioFileException naming ffmpeg and the format that needs it.</summary>
    public static FfmpegTools Require(string formatName, AudioDecodeOptions options)
    {
        if (options.UseFfmpeg)
        {
            var ffmpeg = FfmpegLocator.FindFfmpeg(options.FfmpegPath);
            var ffprobe = FfmpegLocator.FindFfprobe(options.FfprobePath, ffmpeg);
            if (ffmpeg is not null && ffprobe is not null) return new FfmpegTools(ffmpeg, ffprobe);
        }
        throw AudioMessages.NeedsFfmpeg(formatName);
    }

    /// <summary>Starts ffmpeg/ffprobe; a binary that cannot be executed counts as not installed.</summary>
    public static Process Start(ProcessStartInfo psi, string formatName)
    {
        try
        {
            return Process.Start(psi) ?? throw AudioMessages.NeedsFfmpeg(formatName);
        }
        catch (Win32Exception e)
        {
            throw new AudioFileException(AudioMessages.NeedsFfmpeg(formatName).Message, e);
        }
    }
}
