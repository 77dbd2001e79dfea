using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Feed-forward compressor on double buffers, shared by <see cref="Compressor"/> and each band of
/// <see cref="MultibandCompressor"/>. Detector: side-chain high-pass (optional) → |x| → 10 ms peak hold
/// per channel → stereo link (blend towards the loudest channel) → soft-knee curve in dB → one-pole
/// smoothing of the gain in dB (attack when the gain falls, release when it recovers) → gain x make-up.
/// Smoothing in the log domain makes the time constants independent of the amount of compression.
/// </summary>
internal sealed class CompressorCore
{
    private const double DbToNeper = 0.11512925464970229; // ln(10) / 20

    private readonly GainComputer _curve;
    private readonly double _kneeStartLinear;
    private readonly double _attackCoefficient, _releaseCoefficient;
    private readonly double _link;
    private readonly double _makeup;
    private readonly bool _neutral;
    private readonly SlidingPeak[] _peaks;
    private readonly double[] _levels;
    private readonly double[] _gainDb;
    private readonly BiquadCascade[]? _sidechainFilters;
    private readonly PlanarScratch? _sidechain;
    private readonly double[][] _detectViews;

    public CompressorCore(CompressorSettings settings, int sampleRateHz, int channels)
    {
        settings.Validate(sampleRateHz);
        _curve = new GainComputer(settings.ThresholdDb, settings.Ratio, settings.KneeDb);
        _kneeStartLinear = Math.Pow(10, _curve.KneeStartDb / 20);
        _attackCoefficient = Math.Exp(-1000 / (settings.AttackMs * sampleRateHz));
        _releaseCoefficient = Math.Exp(-1000 / (settings.ReleaseMs * sampleRateHz));
        _link = settings.StereoLinkPercent / 100;
        _makeup = Math.Pow(10, settings.MakeupGainDb / 20);
        _neutral = settings.IsNeutral;
        var hold = (int)Math.Round(CompressorSettings.PeakHoldMs * sampleRateHz / 1000);
        _peaks = new SlidingPeak[channels];
        for (var c = 0; c < channels; c++) _peaks[c] = new SlidingPeak(hold);
        _levels = new double[channels];
        _gainDb = new double[channels];
        _detectViews = new double[channels][];
        if (settings.SidechainHighPassHz > 0)
        {
            var design = ButterworthDesign.HighPass(sampleRateHz, settings.SidechainHighPassHz, 2);
            _sidechainFilters = new BiquadCascade[channels];
            for (var c = 0; c < channels; c++) _sidechainFilters[c] = new BiquadCascade(design);
            _sidechain = new PlanarScratch(channels);
        }
    }

    /// <summary>Current gain change per channel in dB (for metering).</summary>
    public ReadOnlySpan<double> GainReductionDb => _gainDb;

    /// <summary>Compresses <paramref name="frames"/> frames of every channel in place.</summary>
    public void Process(double[][] audio, int frames)
    {
        if (_neutral) return; // ratio 1 and no make-up: the gain is exactly 1
        var channels = _peaks.Length;
        var detect = audio;
        if (_sidechainFilters is not null)
        {
            _sidechain!.EnsureFrames(frames);
            for (var c = 0; c < channels; c++)
                _sidechainFilters[c].Process(audio[c].AsSpan(0, frames), _sidechain.Span(c, frames));
            for (var c = 0; c < channels; c++) _detectViews[c] = _sidechain[c];
            detect = _detectViews;
        }

        double attack = _attackCoefficient, release = _releaseCoefficient, link = _link, makeup = _makeup;
        double kneeStart = _kneeStartLinear;
        var curve = _curve;
        var levels = _levels;
        var gainDb = _gainDb;
        for (var i = 0; i < frames; i++)
        {
            var loudest = 0.0;
            for (var c = 0; c < channels; c++)
            {
                var level = _peaks[c].Push(Math.Abs(detect[c][i]));
                levels[c] = level;
                if (level > loudest) loudest = level;
            }
            for (var c = 0; c < channels; c++)
            {
                var level = Math.FusedMultiplyAdd(link, loudest - levels[c], levels[c]);
                var target = level > kneeStart ? curve.GainDb(20 * Math.Log10(level)) : 0.0;
                var y = gainDb[c];
                var coefficient = target < y ? attack : release;
                y = Math.FusedMultiplyAdd(coefficient, y - target, target);
                // Fully recovered (gain error under 1e-9 dB): snap to exact unity and skip the exp.
                if (target == 0 && y > -1e-9) y = 0;
                gainDb[c] = y;
                var gain = y == 0 ? makeup : makeup * Math.Exp(y * DbToNeper);
                audio[c][i] *= gain;
            }
        }
    }

    public void Reset()
    {
        foreach (var p in _peaks) p.Reset();
        Array.Clear(_gainDb);
        if (_sidechainFilters is not null)
            foreach (var f in _sidechainFilters) f.Reset();
    }
}
