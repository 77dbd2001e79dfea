using System.Diagnostics;

namespace MasteringPortal.Audio.Codecs;

/// <summary>
/// Drains a child process's stderr continuously (so a chatty ffmpeg can never block on a full pipe)
/// and keeps only its last lines, for turning a failure into a message.
/// </summary>
internal sealed class StderrTail
{
    private const int MaxLines = 20;
    private readonly Queue<string> _lines = new();

    public void Attach(Process process)
    {
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (_lines)
            {
                _lines.Enqueue(e.Data.Length > 300 ? e.Data[..300] : e.Data);
                while (_lines.Count > MaxLines) _lines.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }
}
