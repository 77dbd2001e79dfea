using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Stereo;

/// <summary>
/// Stereo imager on mid/side. The side is split by LR4 crossovers (phase-compensated, see
/// <see cref="LinkwitzRileyBandSplitter"/>) and each band is scaled by its width; mono bass is an LR4
/// high-pass on the side. The mid goes through the same all-passes as the side, so M and S stay phase
/// aligned and widths of 1 leave the image untouched (output = the common all-pass of the input, flat in
/// magnitude). With every width at 1 and mono bass off the processor is an exact identity (it skips the
/// filters), which is what a neutral chain needs to null. Stereo (2-channel) signals only; no latency.
/// </summary>
public sealed class StereoImager : IAudioProcessor
{
    private readonly bool _neutral;
    private readonly double[] _widths;
    private readonly LinkwitzRileyBandSplitter _sideSplitter;
    private readonly BiquadCascade? _sideMonoBass;      // LR4 high-pass on S
    private readonly BiquadCascade _midAllPass;         // all-passes matching S's filters
    private readonly PlanarScratch _ms = new(2);
    private double[][] _bands;

    public StereoImager(StereoImagerSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (channels != 2) throw new ArgumentException("The stereo imager needs a stereo (2-channel) signal.", nameof(channels));
        settings.Validate(sampleRateHz);
        _neutral = settings.IsNeutral;
        _widths = settings.Widths.ToArray();
        _sideSplitter = new LinkwitzRileyBandSplitter(settings.CrossoverFrequenciesHz, sampleRateHz);
        var midDesign = LinkwitzRileyBandSplitter.AllPassChain(settings.CrossoverFrequenciesHz, sampleRateHz).ToList();
        if (settings.MonoBelowHz > 0)
        {
            _sideMonoBass = new BiquadCascade(LinkwitzRileyDesign.HighPass(sampleRateHz, settings.MonoBelowHz));
            midDesign.Add(BiquadDesign.LinkwitzRileyAllPass(sampleRateHz, settings.MonoBelowHz));
        }
        _midAllPass = new BiquadCascade(midDesign.ToArray());
        _bands = AllocateBands(4096);
    }

    public int LatencyFrames => 0;

    public void Process(AudioBlock block)
    {
        if (_neutral) return;
        var n = block.Frames;
        _ms.EnsureFrames(n);
        if (_bands[0].Length < n) _bands = AllocateBands(n);
        var mid = _ms.Span(0, n);
        var side = _ms.Span(1, n);
        MidSide.Encode(block.Channel(0), block.Channel(1), mid, side);

        _midAllPass.Process(mid);
        _sideMonoBass?.Process(side);
        if (_widths.Length == 1)
        {
            var w = _widths[0];
            for (var i = 0; i < n; i++) side[i] *= w;
        }
        else
        {
            _sideSplitter.Split(side, _bands);
            side.Clear();
            for (var b = 0; b < _widths.Length; b++)
            {
                var w = _widths[b];
                var band = _bands[b];
                if (w == 0) continue;
                for (var i = 0; i < n; i++) side[i] = Math.FusedMultiplyAdd(w, band[i], side[i]);
            }
        }
        MidSide.Decode(mid, side, block.Channel(0), block.Channel(1));
    }

    public void Reset()
    {
        _sideSplitter.Reset();
        _sideMonoBass?.Reset();
        _midAllPass.Reset();
    }

    private double[][] AllocateBands(int frames)
    {
        var bands = new double[_widths.Length][];
        for (var b = 0; b < bands.Length; b++) bands[b] = new double[frames];
        return bands;
    }
}
