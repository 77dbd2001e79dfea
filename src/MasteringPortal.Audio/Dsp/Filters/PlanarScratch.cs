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

    public static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = source[i];
    }

    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = (float)source[i];
    }
}
