using System.ComponentModel;
using System.Diagnostics;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>Starts ffmpeg or ffprobe; a binary that cannot be executed counts as not installed.</summary>
internal static class FfmpegProcess
{
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
