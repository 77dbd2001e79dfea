using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// Soft-clip or tape-style saturation, run at <see cref="OversamplingFactor"/> times the sample rate so
/// the harmonics the curve adds above the Nyquist are filtered out instead of folding back as
/// inharmonic aliases. The dry path is delayed by the oversampler's latency and mixed in double:
/// at mix 0 the output is exactly the input delayed by <see cref="LatencyFrames"/>.
/// </summary>
public sealed class Saturator : IAudioProcessor
{
    /// <summary>16x: a 15 kHz tone driven hard keeps its folded harmonics more than 60 dB down (4x would fold its 11th to 11.4 kHz).</summary>
    public const int OversamplingFactor = Oversampler.Factor;

    /// <summary>Bias of the tape curve: sets the even-harmonic share.</summary>
    private const float TapeBias = 0.3f;

    private readonly SaturationCurve _curve;
    private readonly float _drive;
    private readonly double _mix;
    private readonly Oversampler[] _oversamplers;
    private readonly float[][] _dryDelay;
    private readonly int[] _dryPos;
    private readonly BiquadCascade[] _dcBlockers; // tape only: the asymmetric curve makes DC
    private readonly PlanarScratch _wet;

    public Saturator(SaturationSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        settings.Validate();
        _curve = settings.Curve;
        _drive = (float)Math.Pow(10, settings.DriveDb / 20);
        _mix = settings.MixPercent / 100;
        _oversamplers = new Oversampler[channels];
        for (var c = 0; c < channels; c++) _oversamplers[c] = new Oversampler();
        LatencyFrames = _oversamplers[0].LatencyFrames;
        _dryDelay = new float[channels][];
        for (var c = 0; c < channels; c++) _dryDelay[c] = new float[LatencyFrames];
        _dryPos = new int[channels];
        var dcDesign = ButterworthDesign.HighPass(sampleRateHz, 5, 1);
        _dcBlockers = new BiquadCascade[channels];
        for (var c = 0; c < channels; c++) _dcBlockers[c] = new BiquadCascade(dcDesign);
        _wet = new PlanarScratch(1);
    }

    public int LatencyFrames { get; }

    public void Process(AudioBlock block)
    {
        var n = block.Frames;
        _wet.EnsureFrames(n);
        var wet = _wet.Span(0, n);
        for (var c = 0; c < _oversamplers.Length; c++)
        {
            var samples = block.Channel(c);
            if (_mix != 0)
            {
                RenderWet(_oversamplers[c], samples, wet);
                if (_curve == SaturationCurve.Tape) _dcBlockers[c].Process(wet);
            }
            MixWithDelayedDry(samples, wet, _dryDelay[c], ref _dryPos[c]);
        }
    }

    public void Reset()
    {
        foreach (var o in _oversamplers) o.Reset();
        foreach (var d in _dcBlockers) d.Reset();
        foreach (var d in _dryDelay) Array.Clear(d);
        Array.Clear(_dryPos);
    }

    private void RenderWet(Oversampler oversampler, ReadOnlySpan<float> input, Span<double> wet)
    {
        if (_curve == SaturationCurve.Tape) RenderWet(oversampler, new TapeCurve(_drive, TapeBias), input, wet);
        else RenderWet(oversampler, new SoftClipCurve(_drive), input, wet);
    }

    private static void RenderWet<TCurve>(Oversampler oversampler, in TCurve curve, ReadOnlySpan<float> input, Span<double> wet)
        where TCurve : struct, IWaveshaper
    {
        for (var i = 0; i < input.Length; i++) wet[i] = oversampler.Process(input[i], curve);
    }

    private void MixWithDelayedDry(Span<float> samples, ReadOnlySpan<double> wet, float[] delay, ref int pos)
    {
        var mix = _mix;
        var length = delay.Length;
        for (var i = 0; i < samples.Length; i++)
        {
            double dry;
            if (length == 0) dry = samples[i];
            else
            {
                dry = delay[pos];
                delay[pos] = samples[i];
                pos = pos + 1 == length ? 0 : pos + 1;
            }
            samples[i] = mix == 0 ? (float)dry : (float)Math.FusedMultiplyAdd(mix, wet[i] - dry, dry);
        }
    }
}
