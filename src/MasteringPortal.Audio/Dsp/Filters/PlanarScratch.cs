using System.Numerics;

namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Per-channel double buffers a processor works in: the block is widened to double once, every
/// stage runs in double, and the result is rounded to float once. Grows only when a longer block
/// arrives, so steady-state processing never allocates.
/// </summary>
internal sealed class PlanarScratch
{
    private double[][] _buffers;

    public PlanarScratch(int channels, int frames = 4096)
    {
        _buffers = new double[channels][];
        for (var c = 0; c < channels; c++) _buffers[c] = new double[frames];
    }

    public int Channels => _buffers.Length;

    public double[] this[int channel] => _buffers[channel];

    public void EnsureFrames(int frames)
    {
        if (_buffers.Length == 0 || _buffers[0].Length >= frames) return;
        for (var c = 0; c < _buffers.Length; c++) _buffers[c] = new double[frames];
    }

    public Span<double> Span(int channel, int frames) => _buffers[channel].AsSpan(0, frames);

    /// <summary>float → double, exact; vectorised (<see cref="Vector.Widen(Vector{float}, out Vector{double}, out Vector{double})"/>).</summary>
    public static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        var n = source.Length;
        destination = destination[..n];
        var i = 0;
        var width = Vector<float>.Count;
        for (; i + width <= n; i += width)
        {
            Vector.Widen(new Vector<float>(source[i..]), out var low, out var high);
            low.CopyTo(destination[i..]);
            high.CopyTo(destination[(i + width / 2)..]);
        }
        for (; i < n; i++) destination[i] = source[i];
    }

    /// <summary>double → float rounded to nearest (the same as a cast); vectorised.</summary>
    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        var n = source.Length;
        destination = destination[..n];
        var i = 0;
        var width = Vector<float>.Count;
        for (; i + width <= n; i += width)
            Vector.Narrow(new Vector<double>(source[i..]), new Vector<double>(source[(i + width / 2)..])).CopyTo(destination[i..]);
        for (; i < n; i++) destination[i] = (float)source[i];
    }
}
