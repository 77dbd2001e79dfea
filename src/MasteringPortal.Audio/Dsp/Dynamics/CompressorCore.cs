using System.Numerics.Tensors;
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
    private readonly PlanarScratch _levels;
    private readonly PlanarScratch _work;
    private double[] _db = [];
    private double[] _loudest = [];
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
        _levels = new PlanarScratch(channels);
        _work = new PlanarScratch(channels);
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

        // Block stages, so the transcendental functions run vectorised over whole blocks: (1) peak-hold level per
        // channel, (2) stereo link, (3) level in dB, (4) curve and log-domain smoothing (the recurrence, scalar),
        // (5) gain = make-up × e^(dB·ln10/20) applied to the audio.
        _levels.EnsureFrames(frames);
        _work.EnsureFrames(frames);
        for (var c = 0; c < channels; c++)
        {
            var level = _levels.Span(c, frames);
            TensorPrimitives.Abs(detect[c].AsSpan(0, frames), level);
            _peaks[c].Process(level, level);
        }
        // Fully linked (the default): every channel gets the loudest level, so one gain serves them all.
        var linked = _link == 1 || channels == 1;
        if (_loudest.Length < frames) _loudest = new double[frames];
        var loudest = _loudest.AsSpan(0, frames);
        _levels.Span(0, frames).CopyTo(loudest);
        for (var c = 1; c < channels; c++) TensorPrimitives.Max(loudest, _levels.Span(c, frames), loudest);
        for (var c = 0; c < (linked ? 1 : channels); c++)
        {
            var gain = linked ? loudest : _work.Span(c, frames);
            if (!linked)
            {
                // level + link·(loudest − level), as a blend towards the loudest channel.
                var level = _levels.Span(c, frames);
                for (var i = 0; i < frames; i++) gain[i] = Math.FusedMultiplyAdd(_link, loudest[i] - level[i], level[i]);
            }
            Smooth(gain, ref _gainDb[c]);
            TensorPrimitives.Exp(gain, gain);
            if (_makeup != 1) TensorPrimitives.Multiply(gain, _makeup, gain);
        }
        for (var c = 0; c < channels; c++)
        {
            var audioSpan = audio[c].AsSpan(0, frames);
            TensorPrimitives.Multiply(audioSpan, linked ? loudest : _work.Span(c, frames), audioSpan);
        }
        if (linked) _gainDb.AsSpan(1).Fill(_gainDb[0]);
    }

    /// <summary>Levels in → the smoothed gain change in nepers out (in place), carrying the dB state across blocks.</summary>
    private void Smooth(Span<double> levelToGain, ref double state)
    {
        var frames = levelToGain.Length;
        var db = _db.Length >= frames ? _db : _db = new double[frames];
        var dbSpan = db.AsSpan(0, frames);
        TensorPrimitives.Log10(levelToGain, dbSpan);
        double attack = _attackCoefficient, release = _releaseCoefficient, kneeStart = _kneeStartLinear;
        var curve = _curve;
        var y = state;
        for (var i = 0; i < frames; i++)
        {
            var target = levelToGain[i] > kneeStart ? curve.GainDb(20 * dbSpan[i]) : 0.0;
            var coefficient = target < y ? attack : release;
            y = Math.FusedMultiplyAdd(coefficient, y - target, target);
            // Fully recovered (gain error under 1e-9 dB): snap to exact unity.
            if (target == 0 && y > -1e-9) y = 0;
            levelToGain[i] = y * DbToNeper;
        }
        state = y;
    }

    public void Reset()
    {
        foreach (var p in _peaks) p.Reset();
        Array.Clear(_gainDb);
        if (_sidechainFilters is not null)
            foreach (var f in _sidechainFilters) f.Reset();
    }
}
