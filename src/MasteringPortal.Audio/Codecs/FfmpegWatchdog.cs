using System.Diagnostics;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Kills an ffmpeg process that has made no progress for <see cref="StallAfter"/>: a decoder that produces no audio,
/// an encoder that reports no progress. A long file is fine as long as it moves; a process stuck on a malformed file
/// (or starved of memory) does not hold a job worker for ever. The owner calls <see cref="Touch"/> on every sign of
/// progress and asks <see cref="Fired"/> when the process ended, to tell a stall from a failure. A reader that only
/// waits on the process part of the time (a decoder between its caller's reads) brackets the waits with
/// <see cref="Waiting"/>, so a slow caller is never taken for a stuck process.
/// </summary>
internal sealed class FfmpegWatchdog : IDisposable
{
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(120);

    readonly Process _process;
    readonly TimeSpan _stallAfter;
    readonly Timer _timer;
    long _lastProgressMs = Environment.TickCount64;
    volatile bool _fired;
    volatile bool _waiting = true;

    public FfmpegWatchdog(Process process, TimeSpan? stallAfter = null)
    {
        _process = process;
        _stallAfter = stallAfter ?? StallAfter;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_stallAfter.TotalMilliseconds / 4, 50, 5000));
        _timer = new Timer(_ => Check(), null, period, period);
    }

    /// <summary>True when the watchdog killed the process for making no progress.</summary>
    public bool Fired => _fired;

    public void Touch() => Interlocked.Exchange(ref _lastProgressMs, Environment.TickCount64);

    /// <summary>Whether the owner is waiting on the process now (true from the start); setting it counts as progress.</summary>
    public bool Waiting
    {
        get => _waiting;
        set { Touch(); _waiting = value; }
    }

    void Check()
    {
        if (_fired || !_waiting || Environment.TickCount64 - Interlocked.Read(ref _lastProgressMs) < _stallAfter.TotalMilliseconds) return;
        _fired = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public void Dispose() => _timer.Dispose();
}
