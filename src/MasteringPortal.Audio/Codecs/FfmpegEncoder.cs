using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Encodes delivery files (MP3 CBR, AAC in M4A, FLAC) with ffmpeg. Output goes to a temporary name
/// beside the target and is renamed into place only when ffmpeg succeeds; on failure or cancellation
/// ffmpeg is killed and the temporary file removed. stderr is drained continuously so ffmpeg never
/// blocks on a full pipe while we feed it.
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
        var full = Path.GetFullPath(outputPath);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        var psi = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]) psi.ArgumentList.Add(a);
        if (feed is not null) psi.ArgumentList.Remove("-nostdin");
        foreach (var a in input) psi.ArgumentList.Add(a);
        foreach (var a in (string[])["-vn", "-map_metadata", "-1"]) psi.ArgumentList.Add(a);
        foreach (var a in codecArgs) psi.ArgumentList.Add(a);
        // Progress lines on stdout feed the watchdog: an encoder that stops moving is killed rather than waited on.
        foreach (var a in (string[])["-progress", "pipe:1", "-nostats"]) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("file:" + temp);

        using var process = FfmpegProcess.Start(psi, settings.DisplayName, tools);
        using var watchdog = new FfmpegWatchdog(process);
        var stderr = new StderrTail();
        stderr.Attach(process);
        process.OutputDataReceived += (_, _) => watchdog.Touch();
        process.BeginOutputReadLine();
        using var kill = ct.Register(() => TryKill(process));
        var succeeded = false;
        try
        {
            try
            {
                if (feed is not null) feed(process.StandardInput.BaseStream, watchdog.Touch);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // ffmpeg closed its stdin (it failed): the exit code and stderr below say why.
            }
            process.WaitForExit();
            ct.ThrowIfCancellationRequested();
            if (watchdog.Fired) throw FfmpegMessages.EncodeFailed(settings.DisplayName, "no progress for " + FfmpegWatchdog.StallAfter);
            if (process.ExitCode != 0) throw FfmpegMessages.EncodeFailed(settings.DisplayName, stderr.Text);
            File.Move(temp, full, overwrite: true);
            succeeded = true;
        }
        finally
        {
            if (!succeeded)
            {
                TryKill(process);
                try { File.Delete(temp); } catch (IOException) { }
            }
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }
}
