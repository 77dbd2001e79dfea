namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Minimum-phase parametric EQ: every band is one or more biquads in series, run in double.
/// Stereo mode applies one band list to every channel; mid/side mode (two channels) filters
/// M = (L+R)/2 and S = (L-R)/2 with separate band lists and returns L = M+S, R = M-S.
/// No latency. With every gain at 0 dB the sections reduce to b = a and the output equals the input.
/// </summary>
public sealed class ParametricEq : IAudioProcessor
{
    private readonly EqChannelMode _mode;
    private readonly BiquadCascade[] _cascades;
    private readonly PlanarScratch _scratch;

    public ParametricEq(ParametricEqSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        settings.Validate(sampleRateHz, channels);
        _mode = settings.Mode;
        var main = EqDesign.Sections(settings.Bands, sampleRateHz);
        var side = EqDesign.Sections(settings.SideBands, sampleRateHz);
        _cascades = new BiquadCascade[channels];
        for (var c = 0; c < channels; c++)
            _cascades[c] = new BiquadCascade(_mode == EqChannelMode.MidSide && c == 1 ? side : main);
        _scratch = new PlanarScratch(channels);
    }

    public int LatencyFrames => 0;

    public void Process(AudioBlock block)
    {
        var n = block.Frames;
        _scratch.EnsureFrames(n);
        if (_mode == EqChannelMode.MidSide)
        {
            MidSide.Encode(block.Channel(0), block.Channel(1), _scratch.Span(0, n), _scratch.Span(1, n));
            // Mid and side designs differ, but with as many sections each they still share the SIMD lanes.
            if (_cascades[0].SectionCount == _cascades[1].SectionCount)
                BiquadCascade.ProcessPair(_cascades[0], _cascades[1], _scratch.Span(0, n), _scratch.Span(1, n));
            else
            {
                _cascades[0].Process(_scratch.Span(0, n));
                _cascades[1].Process(_scratch.Span(1, n));
            }
            MidSide.Decode(_scratch.Span(0, n), _scratch.Span(1, n), block.Channel(0), block.Channel(1));
            return;
        }
        if (_cascades.Length == 2)
        {
            // Stereo: both channels share the design, so they run side by side in SIMD lanes.
            PlanarScratch.Widen(block.Channel(0), _scratch.Span(0, n));
            PlanarScratch.Widen(block.Channel(1), _scratch.Span(1, n));
            BiquadCascade.ProcessPair(_cascades[0], _cascades[1], _scratch.Span(0, n), _scratch.Span(1, n));
            PlanarScratch.Narrow(_scratch.Span(0, n), block.Channel(0));
            PlanarScratch.Narrow(_scratch.Span(1, n), block.Channel(1));
            return;
        }
        for (var c = 0; c < _cascades.Length; c++)
        {
            var work = _scratch.Span(c, n);
            var samples = block.Channel(c);
            PlanarScratch.Widen(samples, work);
            _cascades[c].Process(work);
            PlanarScratch.Narrow(work, samples);
        }
    }

    public void Reset()
    {
        foreach (var c in _cascades) c.Reset();
    }
}
