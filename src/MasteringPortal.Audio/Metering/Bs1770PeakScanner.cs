namespace MasteringPortal.Audio.Metering;

/// <summary>
/// True peak as the platforms' meters read it (the BS.1770-4 Annex 2 4x interpolator, <see cref="Bs1770Interpolator"/>),
/// and the overs: how many times the signal (its samples or the values between them, in any channel) goes above each
/// threshold. Values above it less than <see cref="OverGapSeconds"/> apart belong to the same over, as a listener hears
/// one crackle where a codec overshoots on every cycle of a loud note. Streams interleaved frames: each channel's block
/// is interpolated with the vectorised filter (12 samples of history kept per channel), then each frame's largest value
/// over the channels is compared with the thresholds.
/// </summary>
public sealed class Bs1770PeakScanner
{
    private const int History = Bs1770Interpolator.TapsPerPhase - 1;

    private readonly int _channels;
    private readonly double[] _thresholds;
    private readonly float[][] _work;     // per channel: History samples of the block before, then this block
    private readonly long[] _lastOver;    // per threshold: the last frame any channel was above it
    private readonly int[] _overs;
    private readonly long _gapFrames;
    private readonly System.Numerics.Vector<float>[] _taps = Bs1770Interpolator.Broadcast();
    private float[] _frameMax = [];
    private float _max;
    private long _frames;

    /// <summary>Values above a threshold closer together than this are one over (10 ms).</summary>
    public const double OverGapSeconds = 0.010;

    /// <param name="thresholdsLinear">Levels to count overs of (1.0 = 0 dBFS), in linear amplitude.</param>
    public Bs1770PeakScanner(int channels, int sampleRateHz, IReadOnlyList<double> thresholdsLinear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _channels = channels;
        _thresholds = thresholdsLinear.ToArray();
        _work = Enumerable.Range(0, channels).Select(_ => new float[History]).ToArray();
        _lastOver = Enumerable.Repeat(long.MinValue / 2, _thresholds.Length).ToArray();
        _overs = new int[_thresholds.Length];
        _gapFrames = Math.Max(1, (long)Math.Round(OverGapSeconds * sampleRateHz));
    }

    /// <summary>The largest magnitude seen, samples and interpolated values alike (linear).</summary>
    public double MaxLinear => _max;

    /// <summary>The true peak in dBTP (-∞ for silence).</summary>
    public double MaxDbtp => _max > 0 ? 20 * Math.Log10(_max) : double.NegativeInfinity;

    /// <summary>Overs of each threshold, in the order given.</summary>
    public IReadOnlyList<int> Overs => _overs;

    public long Frames => _frames;

    public void Add(ReadOnlySpan<float> interleaved)
    {
        var n = interleaved.Length / _channels;
        if (n == 0) return;
        if (_frameMax.Length < n) _frameMax = new float[n];
        Array.Clear(_frameMax, 0, n);
        var width = System.Numerics.Vector<float>.Count;
        for (var c = 0; c < _channels; c++)
        {
            var w = _work[c];
            if (w.Length < History + n + width)
            {
                var grown = new float[History + n + width];
                Array.Copy(w, grown, History);
                _work[c] = w = grown;
            }
            for (var i = 0; i < n; i++) w[History + i] = interleaved[i * _channels + c];
            ref var w0 = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(w);
            var i0 = 0;
            for (; i0 + width <= n; i0 += width)
            {
                // Lanes i0 .. i0 + width − 1: the values between sample i0 + lane and the ones before it, and the sample itself.
                var between = Bs1770Interpolator.Max(ref w0, (nuint)(History + i0), _taps);
                var sample = System.Numerics.Vector.Abs(System.Numerics.Vector.LoadUnsafe(ref w0, (nuint)(History + i0)));
                var lanes = System.Numerics.Vector.Max(between, sample);
                var current = new System.Numerics.Vector<float>(_frameMax, i0);
                System.Numerics.Vector.Max(current, lanes).CopyTo(_frameMax, i0);
            }
            for (; i0 < n; i0++)
                _frameMax[i0] = Math.Max(_frameMax[i0], Math.Max(Math.Abs(w[History + i0]), Bs1770Interpolator.ScalarMax(w, History + i0)));
            Array.Copy(w, n, w, 0, History); // the last History samples lead the next block
        }
        for (var i = 0; i < n; i++)
        {
            var value = _frameMax[i];
            if (value > _max) _max = value;
            var frame = _frames + i;
            for (var t = 0; t < _thresholds.Length; t++)
            {
                if (value <= _thresholds[t]) continue;
                if (frame - _lastOver[t] > _gapFrames) _overs[t]++;
                _lastOver[t] = frame;
            }
        }
        _frames += n;
    }
}
