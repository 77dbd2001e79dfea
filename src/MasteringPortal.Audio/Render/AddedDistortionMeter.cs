using System.Numerics.Tensors;
using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// THD+N the clipper and the limiter add: the master against the same input at the same loudness gain and
/// nothing else (sample-aligned, as the chain compensates every latency). Per 10 ms window and channel the
/// gain-only signal x is scaled to fit the master y best (a = ⟨x,y⟩/⟨x,x⟩: the level the limiter's gain
/// followed there), and what the scaling cannot explain, y − a·x, is the residual: the clipper's harmonics,
/// the limiter's fast gain movements within the window, and the filters' overshoot. The figure is the residual's
/// energy against the fitted signal's over the loud passages: windows within 10 dB of the programme's mean
/// power (the passages a loud target works on; quiet ones would dilute it). For a sine through a memoryless
/// curve it is the curve's THD+N below Nyquist.
/// </summary>
internal sealed class AddedDistortionMeter
{
    /// <summary>Loud passages: within this of the mean power of the windows above the silence floor.</summary>
    public const double LoudPassageGateDb = -10;

    private const double SilenceFloor = 1e-10; // -100 dBFS mean square per window: silence
    private readonly int _windowFrames;
    private readonly double[] _xx, _xy, _yy;
    private readonly List<(double Reference, double Signal, double Residual)> _windows = [];
    private readonly double _referencePower;
    private int _filled;

    /// <param name="sampleRateHz">Rate of both signals.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="referenceGainDb">Gain the reference still needs to be the gain-only signal (it only sets the level
    /// reduction figure: the fit per window absorbs any gain).</param>
    public AddedDistortionMeter(int sampleRateHz, int channels, double referenceGainDb = 0)
    {
        _referencePower = Math.Pow(10, referenceGainDb / 10);
        _windowFrames = Math.Max(1, sampleRateHz / 100);
        _xx = new double[channels];
        _xy = new double[channels];
        _yy = new double[channels];
    }

    /// <summary>Adds one master block and the gain-only frames aligned with it (planar, from <paramref name="referenceStart"/>).</summary>
    public void Add(float[][] reference, int referenceStart, AudioBlock master)
    {
        var done = 0;
        while (done < master.Frames)
        {
            var take = Math.Min(master.Frames - done, _windowFrames - _filled);
            for (var c = 0; c < _xx.Length; c++)
                Accumulate(reference[c].AsSpan(referenceStart + done, take), master.Channels[c].AsSpan(done, take), c);
            done += take;
            _filled += take;
            if (_filled == _windowFrames) CloseWindow();
        }
    }

    /// <summary>
    /// Over the loud passages: the added THD+N, dB relative to the signal, and how far the master's level sits below
    /// the gain-only signal's (the clipper's and limiter's gain reduction there, dB ≥ 0); null when all was silence.
    /// </summary>
    public (double ThdPlusNoiseDb, double LevelReductionDb)? Result()
    {
        if (_filled > 0) CloseWindow();
        var audible = _windows.Where(w => w.Reference * _referencePower / (_windowFrames * _xx.Length) > SilenceFloor).ToList();
        if (audible.Count == 0) return null;
        var gate = audible.Average(w => w.Reference) * Math.Pow(10, LoudPassageGateDb / 10);
        double reference = 0, signal = 0, residual = 0;
        foreach (var w in audible)
        {
            if (w.Reference < gate) continue;
            reference += w.Reference;
            signal += w.Signal;
            residual += w.Residual;
        }
        if (signal <= 0) return null;
        return (10 * Math.Log10(Math.Max(residual, signal * 1e-15) / signal), Math.Max(0, 10 * Math.Log10(reference * _referencePower / signal)));
    }

    private void Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int c)
    {
        // Float dot products (SIMD) over at most one 10 ms window, summed in double.
        _xx[c] += TensorPrimitives.Dot(x, x);
        _xy[c] += TensorPrimitives.Dot(x, y);
        _yy[c] += TensorPrimitives.Dot(y, y);
    }

    private void CloseWindow()
    {
        double reference = 0, signal = 0, residual = 0;
        for (var c = 0; c < _xx.Length; c++)
        {
            reference += _xx[c];
            var fitted = _xx[c] > 0 ? _xy[c] * _xy[c] / _xx[c] : 0; // a²·⟨x,x⟩
            signal += fitted;
            residual += Math.Max(0, _yy[c] - fitted);
            _xx[c] = _xy[c] = _yy[c] = 0;
        }
        _windows.Add((reference, signal, residual));
        _filled = 0;
    }
}
