namespace MasteringPortal.Audio.Metering;

/// <summary>
/// True peak as the platforms' meters read it (the BS.1770-4 Annex 2 4x interpolator, <see cref="Bs1770Interpolator"/>),
/// and the overs: how many times the signal (its samples or the values between them, in any channel) goes above each
/// threshold. Values above it less than <see cref="OverGapSeconds"/> apart belong to the same over, as a listener hears
/// one crackle where a codec overshoots on every cycle of a loud note. Streams interleaved frames with 12
/// samples of history per channel. Where no value in reach can come near a threshold or the peak so far (the largest
/// input in reach times the filter's largest gain), the filter is not run: quiet passages cost almost nothing.
/// </summary>
public sealed class Bs1770PeakScanner
{
    private readonly int _channels;
    private readonly double[] _thresholds;
    private readonly float[][] _work;     // per channel: the last taps' worth of samples, then the new ones
    private readonly long[] _lastOver;    // per threshold: the last frame any channel was above it
    private readonly int[] _overs;
    private readonly long _gapFrames;
    private readonly float _largestGain = (float)(Bs1770Interpolator.LargestGain * (1 + 1e-4));
    private readonly float _lowestThreshold;
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
        _work = Enumerable.Range(0, channels).Select(_ => new float[Bs1770Interpolator.TapsPerPhase]).ToArray();
        _lastOver = Enumerable.Repeat(long.MinValue / 2, _thresholds.Length).ToArray();
        _gapFrames = Math.Max(1, (long)Math.Round(OverGapSeconds * sampleRateHz));
        _overs = new int[_thresholds.Length];
        _lowestThreshold = _thresholds.Length == 0 ? float.MaxValue : (float)_thresholds.Min();
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
        var frames = interleaved.Length / _channels;
        const int taps = Bs1770Interpolator.TapsPerPhase;
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < _channels; c++)
            {
                var w = _work[c];
                Array.Copy(w, 1, w, 0, taps - 1);
                var x = interleaved[i * _channels + c];
                w[taps - 1] = x;
                var reach = 0f;
                for (var k = 0; k < taps; k++) reach = Math.Max(reach, Math.Abs(w[k]));
                var value = Math.Abs(x);
                // Nothing in reach can pass a threshold or the peak so far: no need to interpolate.
                if (reach * _largestGain > Math.Min(_lowestThreshold, _max) || value > _max)
                    value = Math.Max(value, Bs1770Interpolator.ScalarMax(w, taps - 1));
                if (value > _max) _max = value;
                var frame = _frames + i;
                for (var t = 0; t < _thresholds.Length; t++)
                {
                    if (value <= _thresholds[t]) continue;
                    if (frame - _lastOver[t] > _gapFrames) _overs[t]++;
                    _lastOver[t] = frame;
                }
            }
        }
        _frames += frames;
    }
}
