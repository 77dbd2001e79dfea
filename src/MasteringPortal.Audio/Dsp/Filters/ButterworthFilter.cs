namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// A Butterworth high- or low-pass applied identically to every channel (minimum phase, no latency).
/// </summary>
public abstract class ButterworthFilter : IAudioProcessor
{
    private readonly BiquadCascade[] _channels;
    private readonly PlanarScratch _scratch;

    protected ButterworthFilter(BiquadCoefficients[] design, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Design = design;
        _channels = new BiquadCascade[channels];
        for (var c = 0; c < channels; c++) _channels[c] = new BiquadCascade(design);
        _scratch = new PlanarScratch(1);
    }

    /// <summary>The sections this filter runs (for plotting the designed curve).</summary>
    public IReadOnlyList<BiquadCoefficients> Design { get; }

    public int LatencyFrames => 0;

    protected static BiquadCoefficients[] DesignFor(PassFilterSettings settings, int sampleRateHz, bool highPass)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(sampleRateHz);
        var order = ButterworthDesign.OrderForSlope(settings.SlopeDbPerOct);
        return highPass
            ? ButterworthDesign.HighPass(sampleRateHz, settings.FrequencyHz, order)
            : ButterworthDesign.LowPass(sampleRateHz, settings.FrequencyHz, order);
    }

    public void Process(AudioBlock block)
    {
        var n = block.Frames;
        _scratch.EnsureFrames(n);
        var work = _scratch.Span(0, n);
        for (var c = 0; c < _channels.Length; c++)
        {
            var samples = block.Channel(c);
            PlanarScratch.Widen(samples, work);
            _channels[c].Process(work);
            PlanarScratch.Narrow(work, samples);
        }
    }

    public void Reset()
    {
        foreach (var ch in _channels) ch.Reset();
    }
}

/// <summary>Butterworth high-pass, 6 to 48 dB/oct.</summary>
public sealed class HighPassFilter(PassFilterSettings settings, int sampleRateHz, int channels)
    : ButterworthFilter(DesignFor(settings, sampleRateHz, highPass: true), channels);

/// <summary>Butterworth low-pass, 6 to 48 dB/oct.</summary>
public sealed class LowPassFilter(PassFilterSettings settings, int sampleRateHz, int channels)
    : ButterworthFilter(DesignFor(settings, sampleRateHz, highPass: false), channels);
