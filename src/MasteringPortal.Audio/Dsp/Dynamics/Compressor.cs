using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Bus compressor (see <see cref="CompressorCore"/> for the detector). No lookahead, no latency.
/// At ratio 1 with no make-up it is an exact identity.
/// </summary>
public sealed class Compressor : IAudioProcessor
{
    private readonly CompressorCore _core;
    private readonly PlanarScratch _scratch;
    private readonly double[][] _views;

    public Compressor(CompressorSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _core = new CompressorCore(settings, sampleRateHz, channels);
        _scratch = new PlanarScratch(channels);
        _views = new double[channels][];
    }

    public int LatencyFrames => 0;

    /// <summary>Current gain change per channel in dB.</summary>
    public ReadOnlySpan<double> GainReductionDb => _core.GainReductionDb;

    public void Process(AudioBlock block)
    {
        var n = block.Frames;
        _scratch.EnsureFrames(n);
        for (var c = 0; c < _views.Length; c++)
        {
            _views[c] = _scratch[c];
            PlanarScratch.Widen(block.Channel(c), _scratch.Span(c, n));
        }
        _core.Process(_views, n);
        for (var c = 0; c < _views.Length; c++) PlanarScratch.Narrow(_scratch.Span(c, n), block.Channel(c));
    }

    public void Reset() => _core.Reset();
}
