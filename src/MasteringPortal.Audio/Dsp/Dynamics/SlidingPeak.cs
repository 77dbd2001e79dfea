using System.Numerics.Tensors;

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
    private double[] _prefix = [];

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
            _prefix = new double[total];
        }
        var buffer = _buffer;
        var suffix = _suffix;
        var prefix = _prefix;
        levels.CopyTo(buffer.AsSpan(history));

        // Segments of window length from the start of the buffer: suffix and prefix maxima within each. Each segment's
        // running maximum is a chain of dependent steps, and the segments are independent of one another: four chains
        // run side by side, so the processor overlaps them instead of waiting on each step (the block holds about ten
        // segments of the compressor's 10 ms hold). MaxNative is one instruction; the values are never NaN and never −0.
        var w = _window;
        var segments = total / w;
        var k = 0;
        for (; k + 4 <= segments; k += 4) Segments4(buffer, suffix, prefix, k * w, w);
        for (; k < segments; k++) Segment(buffer, suffix, prefix, k * w, w);
        if (segments * w < total) Segment(buffer, suffix, prefix, segments * w, total - segments * w);

        // Window (j − w, j] = suffix[j − w + 1] ∪ prefix[j]: output i (j = history + i) is suffix[i] ∪ prefix[history + i].
        TensorPrimitives.Max(suffix.AsSpan(0, n), prefix.AsSpan(history, n), output[..n]);
        buffer.AsSpan(n, history).CopyTo(buffer);
    }

    public void Reset() => Array.Clear(_buffer);

    /// <summary>Suffix and prefix maxima of the segment buffer[start, start + length).</summary>
    private static void Segment(double[] buffer, double[] suffix, double[] prefix, int start, int length)
    {
        var end = start + length;
        var m = buffer[end - 1];
        suffix[end - 1] = m;
        for (var j = end - 2; j >= start; j--) suffix[j] = m = double.MaxNative(m, buffer[j]);
        m = buffer[start];
        prefix[start] = m;
        for (var j = start + 1; j < end; j++) prefix[j] = m = double.MaxNative(m, buffer[j]);
    }

    /// <summary><see cref="Segment"/> for the four whole segments from <paramref name="start"/>, their chains interleaved.</summary>
    private static void Segments4(double[] buffer, double[] suffix, double[] prefix, int start, int w)
    {
        int s0 = start, s1 = start + w, s2 = start + 2 * w, s3 = start + 3 * w;
        var last = w - 1;
        double m0 = buffer[s0 + last], m1 = buffer[s1 + last], m2 = buffer[s2 + last], m3 = buffer[s3 + last];
        suffix[s0 + last] = m0; suffix[s1 + last] = m1; suffix[s2 + last] = m2; suffix[s3 + last] = m3;
        for (var o = last - 1; o >= 0; o--)
        {
            suffix[s0 + o] = m0 = double.MaxNative(m0, buffer[s0 + o]);
            suffix[s1 + o] = m1 = double.MaxNative(m1, buffer[s1 + o]);
            suffix[s2 + o] = m2 = double.MaxNative(m2, buffer[s2 + o]);
            suffix[s3 + o] = m3 = double.MaxNative(m3, buffer[s3 + o]);
        }
        m0 = buffer[s0]; m1 = buffer[s1]; m2 = buffer[s2]; m3 = buffer[s3];
        prefix[s0] = m0; prefix[s1] = m1; prefix[s2] = m2; prefix[s3] = m3;
        for (var o = 1; o < w; o++)
        {
            prefix[s0 + o] = m0 = double.MaxNative(m0, buffer[s0 + o]);
            prefix[s1 + o] = m1 = double.MaxNative(m1, buffer[s1 + o]);
            prefix[s2 + o] = m2 = double.MaxNative(m2, buffer[s2 + o]);
            prefix[s3 + o] = m3 = double.MaxNative(m3, buffer[s3 + o]);
        }
    }
}
