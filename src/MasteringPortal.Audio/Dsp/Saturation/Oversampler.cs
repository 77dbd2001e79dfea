using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// 16x oversampling around a memoryless curve, in two 4x stages (cheaper than one 16x stage, whose
/// single filter would need the steep transition at 16 times the length):
/// stage 1 (fs → 4 fs) carries the steep filter: flat to 20 kHz (at 44.1 kHz), 100 dB down from the
/// base Nyquist, so nothing above it folds back; stage 2 (4 fs → 16 fs) only has to separate the
/// 0-22 kHz band from its images at 4 fs ± 22 kHz, a wide transition and a short filter. At 16 fs a
/// 15 kHz tone's harmonics fold back only from the 46th on. Latency is a whole number of base frames.
/// </summary>
internal sealed class Oversampler
{
    public const int Factor = 16;

    /// <summary>Pass band of the first stage, a fraction of the base rate: 20 kHz at 44.1 kHz.</summary>
    public const double FullPassbandEdge = 20000.0 / 44100.0;

    private readonly PolyphaseStage _outer;
    private readonly PolyphaseStage _inner = new(4, 0.125, 0.875, 4); // T multiple of 4: whole base frames
    private readonly float[] _mid = new float[4];
    private readonly float[] _midShaped = new float[4];
    private readonly float[] _high = new float[4];
    private static readonly float[] Zeros = new float[4];
    private readonly float _innerGainBound;

    /// <param name="passbandEdge">Where the first stage's filters start to roll off, a fraction of the base rate (their
    /// length, and so the cost, grows as 1 / (0.5 − edge)).</param>
    public Oversampler(double passbandEdge = FullPassbandEdge)
    {
        _outer = new PolyphaseStage(4, passbandEdge, 0.5, 1);
        _innerGainBound = _inner.UpGainBound * 1.0001f; // a hair over, for the float rounding of the dot products
    }

    public int LatencyFrames => _outer.LatencySamples + _inner.LatencySamples / 4;

    /// <summary>Runs one base frame through up-sampling, <paramref name="curve"/> at 16 fs, and down-sampling.</summary>
    public float Process<TCurve>(float x, in TCurve curve) where TCurve : struct, IWaveshaper
    {
        _outer.Up(x, _mid);
        for (var m = 0; m < 4; m++)
        {
            _inner.Up(_mid[m], _high);
            for (var p = 0; p < 4; p++) _high[p] = curve.Shape(_high[p]);
            _midShaped[m] = _inner.Down(_high);
        }
        return _outer.Down(_midShaped);
    }

    /// <summary>
    /// What <paramref name="curve"/> changes, band-limited: the up-sampled frame's curve(u) − u at 16 fs, brought down.
    /// Adding it to the input delayed by <see cref="LatencyFrames"/> gives the curve's output without passing the
    /// untouched signal through the filters (no passband ripple, no loss between 20 kHz and Nyquist). Where the 4 fs
    /// samples the second stage reads provably stay under the knee (their peak times the stage's gain bound), the
    /// 16 fs samples do too: that stage only keeps its history, and where the correction has been zero long
    /// enough the down-sampling is skipped as well. The result is the same as computing everything.
    /// </summary>
    public float Correction(float x, in SoftKneeClipCurve curve)
    {
        _outer.Up(x, _mid);
        var peak = Math.Max(_inner.UpHistoryPeak, MathF.Abs(TensorPrimitives.MaxMagnitude<float>(_mid)));
        if (peak * _innerGainBound <= curve.KneeStart)
        {
            for (var m = 0; m < 4; m++)
            {
                _inner.Push(_mid[m]);
                _midShaped[m] = _inner.DownSparse(Zeros);
            }
            return _outer.DownSparse(_midShaped);
        }
        for (var m = 0; m < 4; m++)
        {
            _inner.Up(_mid[m], _high);
            for (var p = 0; p < 4; p++) _high[p] = curve.Shape(_high[p]) - _high[p];
            _midShaped[m] = _inner.DownSparse(_high);
        }
        return _outer.DownSparse(_midShaped);
    }

    public void Reset()
    {
        _outer.Reset();
        _inner.Reset();
    }
}

/// <summary>A memoryless transfer curve; a struct so the JIT inlines it into the oversampling loop.</summary>
internal interface IWaveshaper
{
    float Shape(float x);
}

/// <summary>tanh(g x) / g: unity gain for quiet signals, smooth limiting towards ±1/g.</summary>
internal readonly struct SoftClipCurve(float drive) : IWaveshaper
{
    private readonly float _inverse = 1 / drive;

    public float Shape(float x) => MathF.Tanh(drive * x) * _inverse;
}

/// <summary>
/// (tanh(g x + b) - tanh b) / (g (1 - tanh² b)): tanh moved off its centre by bias b, so positive and
/// negative half-waves saturate differently (even harmonics, as tape) while quiet signals keep unity gain.
/// </summary>
internal readonly struct TapeCurve(float drive, float bias) : IWaveshaper
{
    private readonly float _offset = MathF.Tanh(bias);
    private readonly float _scale = 1 / (drive * (1 - MathF.Tanh(bias) * MathF.Tanh(bias)));

    public float Shape(float x) => (MathF.Tanh(drive * x + bias) - _offset) * _scale;
}
