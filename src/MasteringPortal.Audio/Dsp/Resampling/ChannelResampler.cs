namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// Streaming state of one channel of an L/M polyphase converter. Output frame k is the band-limited
/// input evaluated at input time k·M/L: the filter's group delay is absorbed by starting the read
/// position <see cref="ResamplerDesign.DelayUpsampledSamples"/> into the upsampled stream, with zeros
/// assumed before the first input sample and supplied after the last one by <see cref="Flush"/>.
/// </summary>
/// <remarks>
/// The input history lives in one linear buffer (K−1 samples of history + a chunk); when the chunk is used
/// up the last K−1 samples move to the front, so every dot product reads a contiguous span. Memory is flat
/// whatever the length of the stream; nothing allocates after construction.
/// </remarks>
public sealed class ChannelResampler
{
    private const int ChunkFrames = 4096;

    private readonly ResamplerDesign _design;
    private readonly float[] _taps;
    private readonly int _k;
    private readonly int _up;
    private readonly int _down;
    private readonly float[] _x;
    private int _count;          // valid samples in _x
    private long _bufferStart;   // input index of _x[0]
    private long _n;             // input index of the newest sample the next output needs
    private int _phase;          // polyphase branch of the next output
    private long _inputFrames;
    private long _outputFrames;

    public ChannelResampler(ResamplerDesign design)
    {
        _design = design ?? throw new ArgumentNullException(nameof(design));
        _taps = design.PhaseTaps;
        _k = design.TapsPerPhase;
        _up = design.UpFactor;
        _down = design.DownFactor;
        _x = new float[_k - 1 + ChunkFrames];
        Reset();
    }

    public ResamplerDesign Design => _design;

    /// <summary>Output frames a call to <see cref="Process"/> with this many input frames can produce at most.</summary>
    public int MaxOutputFrames(int inputFrames) => (int)((long)inputFrames * _up / _down) + 2;

    /// <summary>
    /// Converts <paramref name="input"/> and writes every output frame that is now computable; returns how
    /// many. <paramref name="output"/> must hold <see cref="MaxOutputFrames"/>(input.Length) frames.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < MaxOutputFrames(input.Length))
            throw new ArgumentException($"The output span needs room for {MaxOutputFrames(input.Length)} frames.", nameof(output));
        if (_design.IsPassThrough)
        {
            input.CopyTo(output);
            _inputFrames += input.Length;
            _outputFrames += input.Length;
            return input.Length;
        }

        var written = 0;
        while (!input.IsEmpty)
        {
            var take = Math.Min(input.Length, _x.Length - _count);
            input[..take].CopyTo(_x.AsSpan(_count));
            _count += take;
            _inputFrames += take;
            input = input[take..];
            written += Produce(output[written..], long.MaxValue);
            if (_count == _x.Length) Compact();
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: feeds silence through the filter until the output holds ceil(inputFrames·L/M)
    /// frames, i.e. exactly the input's duration. Writes up to output.Length frames and returns how many;
    /// call again until it returns 0.
    /// </summary>
    public int Flush(Span<float> output)
    {
        var expected = (_inputFrames * _up + _down - 1) / _down;
        if (_design.IsPassThrough) return 0;
        var written = 0;
        while (_outputFrames < expected && written < output.Length)
        {
            written += Produce(output[written..], expected);
            if (_outputFrames >= expected || written >= output.Length) break;
            if (_count == _x.Length) Compact();
            var zeros = Math.Min(_x.Length - _count, ChunkFrames);
            _x.AsSpan(_count, zeros).Clear();
            _count += zeros;
        }
        return written;
    }

    /// <summary>Forgets all input: the next sample processed is input time 0 again.</summary>
    public void Reset()
    {
        Array.Clear(_x);
        _count = _k - 1;            // K−1 zeros standing for the silence before time 0
        _bufferStart = -(_k - 1);
        _n = _design.DelayUpsampledSamples / _up;
        _phase = _design.DelayUpsampledSamples % _up;
        _inputFrames = 0;
        _outputFrames = 0;
    }

    private int Produce(Span<float> output, long limitFrames)
    {
        var last = _bufferStart + _count - 1;
        var written = 0;
        var taps = _taps.AsSpan();
        var x = _x.AsSpan();
        var k = _k;
        var stepWhole = _down / _up;
        var stepFrac = _down % _up;
        while (_n <= last && written < output.Length && _outputFrames < limitFrames)
        {
            var start = (int)(_n - k + 1 - _bufferStart);
            output[written++] = (float)PolyphaseDot.Dot(taps.Slice(_phase * k, k), x.Slice(start, k));
            _outputFrames++;
            _n += stepWhole;
            _phase += stepFrac;
            if (_phase >= _up) { _phase -= _up; _n++; }
        }
        return written;
    }

    private void Compact()
    {
        var keep = _k - 1;
        var drop = _count - keep;
        Array.Copy(_x, drop, _x, 0, keep);
        _bufferStart += drop;
        _count = keep;
    }
}
