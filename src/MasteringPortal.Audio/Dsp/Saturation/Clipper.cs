using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// Soft-knee clipper before the true-peak limiter: it shaves the peaks a loud target would otherwise leave to
/// the limiter's gain, so the limiter works a few dB instead of many (the loudness of dense masters comes from
/// sharing the work that way). It runs at <see cref="Oversampler.Factor"/> times the rate so the harmonics the
/// clipping makes above Nyquist are filtered out instead of folding back as inharmonic aliases. The clip level
/// is set from the limiter's ceiling (<see cref="ClipperSettings"/>); what the down-sampling filter rebuilds
/// above it (a clipped waveform loses its harmonics above Nyquist and overshoots) is the limiter's to catch.
/// Only what the curve changes goes through the filters (<see cref="Oversampler.Correction"/>): below the knee the
/// output is the input, bit for bit, delayed, with its content up to Nyquist intact.
/// Output frame i is input frame i − <see cref="LatencyFrames"/>; channels are clipped independently.
/// </summary>
public sealed class Clipper : IAudioProcessor
{
    /// <summary>
    /// 18.5 kHz at 44.1 kHz: only the correction passes these filters (the programme itself is delayed, untouched), so
    /// they need not keep 20 kHz flat; the wider transition makes them 40 % shorter than the saturator's.
    /// </summary>
    private const double CorrectionPassbandEdge = 0.42;

    private readonly SoftKneeClipCurve _curve;
    private readonly Oversampler[] _oversamplers;
    private readonly float[][] _delays;
    private readonly int[] _delayPos;
    private readonly float _untouchedBelow;
    private float _peakIn;

    /// <param name="settings">Mode, clip level from the ceiling and knee.</param>
    /// <param name="ceilingDbtp">The limiter's ceiling the clip level is measured from.</param>
    /// <param name="channels">Channel count.</param>
    public Clipper(ClipperSettings settings, double ceilingDbtp, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        settings.Validate();
        ClipLevelDbfs = ceilingDbtp + settings.EffectiveThresholdDb;
        ClipLevelLinear = Math.Pow(10, ClipLevelDbfs / 20);
        _curve = new SoftKneeClipCurve(ClipLevelLinear, settings.KneeDb);
        _oversamplers = new Oversampler[channels];
        for (var c = 0; c < channels; c++) _oversamplers[c] = new Oversampler(CorrectionPassbandEdge);
        LatencyFrames = _oversamplers[0].LatencyFrames;
        _delays = Enumerable.Range(0, channels).Select(_ => new float[LatencyFrames]).ToArray();
        _delayPos = new int[channels];
        _untouchedBelow = _curve.KneeStart;
    }

    /// <summary>The level the curve approaches, dBFS (sample peak at 16 times the rate).</summary>
    public double ClipLevelDbfs { get; }

    public double ClipLevelLinear { get; }

    public int LatencyFrames { get; }

    /// <summary>How far the loudest sample peak went past the clip level since construction or reset, dB (0 = never reached it).</summary>
    public double MaxOverClipLevelDb => _peakIn > ClipLevelLinear ? 20 * Math.Log10(_peakIn / ClipLevelLinear) : 0;

    /// <summary>True once any sample came within the knee (the clipper changed the signal).</summary>
    public bool Engaged => _peakIn > _untouchedBelow;

    public void Process(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        for (var c = 0; c < _oversamplers.Length; c++)
        {
            var samples = block.Channel(c);
            if (samples.IsEmpty) continue;
            var peak = TensorPrimitives.MaxMagnitude<float>(samples);
            if (MathF.Abs(peak) > _peakIn) _peakIn = MathF.Abs(peak);
            var oversampler = _oversamplers[c];
            var delay = _delays[c];
            var pos = _delayPos[c];
            for (var i = 0; i < samples.Length; i++)
            {
                var x = samples[i];
                var correction = oversampler.Correction(x, _curve);
                var delayed = delay[pos];
                delay[pos] = x;
                pos = pos + 1 == delay.Length ? 0 : pos + 1;
                samples[i] = delayed + correction;
            }
            _delayPos[c] = pos;
        }
    }

    public void Reset()
    {
        foreach (var o in _oversamplers) o.Reset();
        foreach (var d in _delays) Array.Clear(d);
        Array.Clear(_delayPos);
        _peakIn = 0;
    }
}
