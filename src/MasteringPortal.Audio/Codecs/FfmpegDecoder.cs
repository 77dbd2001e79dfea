using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Streams any format ffmpeg knows as interleaved float: `ffmpeg -i FILE -map 0:a:0 -f f32le -`,
/// read from the pipe block by block. The rate and channel count are pinned to what ffprobe reported,
/// so the stream always matches <see cref="Format"/>. stderr is drained continuously (no deadlock on
/// a full pipe) and turned into a musician's message if ffmpeg fails. Disposing kills the process.
/// </summary>
public sealed class FfmpegDecoder : IAudioSource
{
    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly StderrTail _stderr = new();
    private readonly string _formatName;
    private readonly FfmpegWatchdog _watchdog;
    private bool _ended;
    private long _framesDecoded;

    private FfmpegDecoder(Process process, AudioFileInfo info, string formatName, TimeSpan? stallAfter)
    {
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        _formatName = formatName;
        Format = info.Format;
        EstimatedLengthFrames = info.LengthFrames;
        _stderr.Attach(process);
        ProcessId = process.Id;
        _watchdog = new FfmpegWatchdog(process, stallAfter) { Waiting = false };
    }

    public AudioFormat Format { get; }

    /// <summary>Null: a compressed stream's exact length is only known once decoded.</summary>
    public long? LengthFrames => null;

    /// <summary>ffprobe's estimate of the length, for progress display.</summary>
    public long? EstimatedLengthFrames { get; }

    /// <summary>
    /// Opens <paramref name="path"/>; <paramref name="formatName"/> is used in messages ("MP3"). A decoder that
    /// produces no audio for <paramref name="stallAfter"/> (default <see cref="FfmpegWatchdog.StallAfter"/>) is killed.
    /// </summary>
    public static FfmpegDecoder Open(string path, string formatName, AudioTools tools, TimeSpan? stallAfter = null)
    {
        var (ffmpeg, _) = tools.Require(formatName);
        var info = FfmpegProbe.Probe(path, formatName, tools);
        var psi = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var rate = info.Format.SampleRateHz.ToString(CultureInfo.InvariantCulture);
        var channels = info.Format.Channels.ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", .. FfmpegInputs.File(path),
            "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-ar", rate, "-ac", channels, "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1",
        ];
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        var process = FfmpegProcess.Start(psi, formatName, tools);
        process.StandardInput.Close();
        return new FfmpegDecoder(process, info, formatName, stallAfter);
    }

    public int Read(Span<float> interleaved)
    {
        if (_ended) return 0;
        var channels = Format.Channels;
        var frameBytes = channels * sizeof(float);
        var bytes = MemoryMarshal.AsBytes(interleaved[..(interleaved.Length / channels * channels)]);
        var filled = 0;
        _watchdog.Waiting = true;
        try
        {
            while (filled < bytes.Length)
            {
                var n = _stdout.Read(bytes[filled..]);
                if (n == 0) break;
                filled += n;
                _watchdog.Touch();
            }
        }
        finally
        {
            _watchdog.Waiting = false;
        }
        var frames = filled / frameBytes; // a trailing partial frame (never produced by f32le) is dropped
        _framesDecoded += frames;
        if (filled < bytes.Length)
        {
            _ended = true;
            _process.WaitForExit();
            if (_watchdog.Fired) throw FfmpegMessages.Stalled(_formatName);
            if (_process.ExitCode != 0) throw FfmpegMessages.DecodeFailed(_formatName, _stderr.Text);
            // ffmpeg decodes a cut FLAC/ALAC file without complaint; their headers state the exact length,
            // so a shortfall means the file ends early. (Lossy lengths are estimates: not checked.)
            if (Format.Container is "flac" or "alac" && EstimatedLengthFrames is { } declared && _framesDecoded < declared)
                throw AudioMessages.EndsEarly(_framesDecoded, declared, Format.SampleRateHz);
        }
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < filled / 4; i++)
                interleaved[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }
        return frames;
    }

    /// <summary>For tests: the ffmpeg child's process id.</summary>
    internal int ProcessId { get; private init; }

    public void Dispose()
    {
        _watchdog.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { /* already gone */ }
        _process.Dispose();
    }
}
