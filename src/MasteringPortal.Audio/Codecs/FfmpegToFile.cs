using System.Diagnostics;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Runs ffmpeg writing one output file: to a temporary name beside the target, renamed into place only when ffmpeg
/// succeeds; on failure or cancellation ffmpeg is killed and the temporary file removed. ffmpeg reports its progress on
/// stdout, which feeds a watchdog (a process that stops moving is killed rather than waited on), and its stderr is
/// drained continuously so it never blocks on a full pipe. Shared by the encoder and the tagger.
/// </summary>
internal static class FfmpegToFile
{
    /// <summary>
    /// Runs <paramref name="ffmpeg"/> with <paramref name="arguments"/> (everything but the output) into
    /// <paramref name="outputPath"/>. <paramref name="feed"/>, when given, writes ffmpeg's stdin (and touches the
    /// watchdog). <paramref name="failure"/> makes the exception for a failed run from ffmpeg's stderr, or from null when
    /// the watchdog stopped it.
    /// </summary>
    public static void Run(string ffmpeg, IEnumerable<string> arguments, string outputPath, string displayName, AudioTools tools,
        Func<string?, Exception> failure, Action<Stream, Action>? feed, CancellationToken ct)
    {
        var full = Path.GetFullPath(outputPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        var psi = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = feed is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var a in (string[])["-progress", "pipe:1", "-nostats", "file:" + temp]) psi.ArgumentList.Add(a);

        using var process = FfmpegProcess.Start(psi, displayName, tools);
        using var watchdog = new FfmpegWatchdog(process);
        var stderr = new StderrTail();
        stderr.Attach(process);
        process.OutputDataReceived += (_, _) => watchdog.Touch();
        process.BeginOutputReadLine();
        using var kill = ct.Register(() => TryKill(process));
        var succeeded = false;
        try
        {
            if (feed is not null)
            {
                try
                {
                    feed(process.StandardInput.BaseStream, watchdog.Touch);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // ffmpeg closed its stdin (it failed): the exit code and stderr below say why.
                }
            }
            process.WaitForExit();
            ct.ThrowIfCancellationRequested();
            if (watchdog.Fired) throw failure(null);
            if (process.ExitCode != 0) throw failure(stderr.Text);
            File.Move(temp, full, overwrite: true);
            succeeded = true;
        }
        finally
        {
            if (!succeeded)
            {
                TryKill(process);
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }
}
