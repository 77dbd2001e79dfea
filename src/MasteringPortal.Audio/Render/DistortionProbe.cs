using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Runs the gain-only twin of an output pass (the same loudness gain and SRC, no clipper, no limiter) beside
/// it and hands each master block, with the twin's frames aligned to it, to an <see cref="AddedDistortionMeter"/>.
/// Both chains compensate their latencies, so frame n of one is frame n of the other; the twin's frames wait in
/// a queue until the master's arrive (the twin has less latency, never more). The meter fits the twin's level
/// per window, so the twin leaves the gain out and the meter is told it: at the mix's rate the twin is the input
/// itself, queued as it is; only a rate change runs a second SRC.
/// </summary>
internal sealed class DistortionProbe
{
    private readonly MasteringChain? _twin;
    private readonly AudioBlock _copy;
    private readonly AddedDistortionMeter _meter;
    private float[][] _queue;
    private int _start, _end;

    public DistortionProbe(RenderSettings settings, int inputRateHz, int outputRateHz, int channels, double gainDb)
    {
        if (outputRateHz != inputRateHz)
            _twin = new MasteringChain(settings, inputRateHz, channels,
                new ChainOptions(OutputRateHz: outputRateHz, IncludeTone: false, IncludeLimiter: false));
        _copy = new AudioBlock(channels, MasteringChain.BlockFrames);
        _meter = new AddedDistortionMeter(outputRateHz, channels, gainDb);
        _queue = Enumerable.Range(0, channels).Select(_ => new float[4 * MasteringChain.BlockFrames]).ToArray();
    }

    /// <summary>Feeds the input block to the twin (call before the real chain overwrites it).</summary>
    public void Input(AudioBlock input)
    {
        if (_twin is null)
        {
            Enqueue(input);
            return;
        }
        _copy.Frames = input.Frames;
        for (var c = 0; c < input.ChannelCount; c++) input.Channel(c).CopyTo(_copy.Channels[c]);
        _twin.Process(_copy, Enqueue);
    }

    /// <summary>Ends the twin's stream (call before the real chain's flush).</summary>
    public void Flush() => _twin?.Flush(Enqueue);

    /// <summary>Compares one master block (before dither) with the twin's frames at the same positions.</summary>
    public void Master(AudioBlock master)
    {
        var n = Math.Min(master.Frames, _end - _start);
        if (n < master.Frames) throw new InvalidOperationException("The gain-only twin fell behind the master.");
        _meter.Add(_queue, _start, master);
        _start += n;
    }

    public (double ThdPlusNoiseDb, double LevelReductionDb)? Result() => _meter.Result();

    private void Enqueue(AudioBlock block)
    {
        var n = block.Frames;
        if (_start > 0 && _end + n > _queue[0].Length)
        {
            foreach (var ch in _queue) Array.Copy(ch, _start, ch, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }
        if (_end + n > _queue[0].Length)
            _queue = _queue.Select(ch => { var grown = new float[Math.Max(2 * ch.Length, _end + n)]; Array.Copy(ch, grown, _end); return grown; }).ToArray();
        for (var c = 0; c < _queue.Length; c++) block.Channel(c).CopyTo(_queue[c].AsSpan(_end));
        _end += n;
    }
}
