using System.ComponentModel;
using System.Diagnostics;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Starts ffmpeg or ffprobe; a binary that cannot be executed counts as not installed. Where the tools carry a
/// memory limit and `prlimit` is there (Linux), the process starts under it, so a file crafted to make a decoder
/// allocate without bound fails that one process instead of the server.
/// </summary>
internal static class FfmpegProcess
{
    public static Process Start(ProcessStartInfo psi, string formatName, AudioTools tools)
    {
        if (tools.MemoryLimitBytes is > 0 && tools.PrlimitPath is { } prlimit)
        {
            var tool = psi.FileName;
            var args = psi.ArgumentList.ToArray();
            psi.FileName = prlimit;
            psi.ArgumentList.Clear();
            psi.ArgumentList.Add($"--as={tools.MemoryLimitBytes}");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(tool);
            foreach (var a in args) psi.ArgumentList.Add(a);
        }
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
