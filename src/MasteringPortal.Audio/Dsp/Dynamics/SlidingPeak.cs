namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Maximum of the last <c>windowFrames</c> values, block by block, in three branch-free operations per
/// sample (van Herk / Gil-Werman: the stream is cut into window-length segments; a window spans at most two,
/// so its maximum is the larger of the suffix maximum in the first and the prefix maximum in the second).
/// A peak-hold detector: on a steady tone whose half-period fits the window it reads the peak exactly,
/// so the static curve holds without ripple; it rises instantly and falls after the window has passed.
/// The values are levels (≥ 0): before the first value the window holds zeros, which is the same as
/// taking the maximum of the fewer values seen so far.
/// </summary>
internal sealed class SlidingPeak
{
    private readonly int _window;
    private double[] _buffer;   // the last window − 1 values, then the block
    private double[] _suffix = [];

    public SlidingPeak(int windowFrames)
    {
        _window = Math.Max(1, windowFrames);
        _buffer = new double[_window - 1];
    }

    /// <summary>Writes for each value of <paramref name="levels"/> the maximum of it and the window − 1 values before it.</summary>
    public void Process(ReadOnlySpan<double> levels, Span<double> output)
    {
        var history = _window - 1;
        var n = levels.Length;
        var total = history + n;
        if (_buffer.Length < total)
        {
            var grown = new double[total];
            _buffer.AsSpan(0, history).CopyTo(grown);
            _buffer = grown;
            _suffix = new double[total];
        }
        var buffer = _buffer;
        var suffix = _suffix;
        levels.CopyTo(buffer.AsSpan(history));

        // Segments of window length from the start of the buffer: suffix maxima within each.
        for (var start = 0; start < total; start += _window)
        {
            var end = Math.Min(start + _window, total);
            var m = buffer[end - 1];
            suffix[end - 1] = m;
            for (var j = end - 2; j >= start; j--) suffix[j] = m = double.MaxNative(m, buffer[j]);
        }
        // Prefix maxima run along with the output: window (j − w, j] = suffix[j − w + 1] ∪ prefix[j].
        // (MaxNative is one instruction; the values are never NaN and never −0.)
        var prefix = 0.0;
        for (int j = 0, inSegment = 0; j < total; j++)
        {
            prefix = inSegment == 0 ? buffer[j] : double.MaxNative(prefix, buffer[j]);
            if (++inSegment == _window) inSegment = 0;
            if (j >= history) output[j - history] = double.MaxNative(suffix[j - history], prefix);
        }
        buffer.AsSpan(n, history).CopyTo(buffer);
    }

    public void Reset() => Array.Clear(_buffer);
}
