using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Multiband compressor: each channel is split by LR4 crossovers with all-pass phase compensation
/// (<see cref="LinkwitzRileyBandSplitter"/>), each band is compressed (stereo-linked across channels as
/// its settings say), and the bands are summed. With no band compressing, the sum is the crossovers'
/// all-pass: flat magnitude, minimum-phase group delay around each crossover.
/// When every band is neutral (ratio 1, no make-up) the crossovers are skipped and the processor is an
/// exact identity, so a neutral chain nulls; any active band brings the all-pass phase back.
/// </summary>
public sealed class MultibandCompressor : IAudioProcessor
{
    private readonly bool _neutral;
    private readonly LinkwitzRileyBandSplitter[] _splitters; // per channel
    private readonly CompressorCore[] _compressors;          // per band
    private readonly int _channels;
    private readonly int _bands;
    private double[][] _input;        // [channel]
    private double[][][] _byBand;     // [band][channel], same arrays as _byChannel
    private double[][][] _byChannel;  // [channel][band]
    private int _capacity;

    public MultibandCompressor(MultibandCompressorSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        settings.Validate(sampleRateHz);
        _neutral = settings.IsNeutral;
        _channels = channels;
        _bands = settings.Bands.Count;
        _splitters = new LinkwitzRileyBandSplitter[channels];
        for (var c = 0; c < channels; c++)
            _splitters[c] = new LinkwitzRileyBandSplitter(settings.CrossoverFrequenciesHz, sampleRateHz);
        _compressors = settings.Bands.Select(b => new CompressorCore(b, sampleRateHz, channels)).ToArray();
        _input = [];
        _byBand = [];
        _byChannel = [];
        Allocate(4096);
    }

    public int LatencyFrames => 0;

    public void Process(AudioBlock block)
    {
        if (_neutral) return;
        var n = block.Frames;
        if (n > _capacity) Allocate(n);
        for (var c = 0; c < _channels; c++)
        {
            PlanarScratch.Widen(block.Channel(c), _input[c].AsSpan(0, n));
            _splitters[c].Split(_input[c].AsSpan(0, n), _byChannel[c]);
        }
        for (var b = 0; b < _bands; b++) _compressors[b].Process(_byBand[b], n);
        for (var c = 0; c < _channels; c++)
        {
            var output = block.Channel(c);
            var sum = _input[c].AsSpan(0, n);
            _byChannel[c][0].AsSpan(0, n).CopyTo(sum);
            for (var b = 1; b < _bands; b++)
            {
                var band = _byChannel[c][b];
                for (var i = 0; i < n; i++) sum[i] += band[i];
            }
            PlanarScratch.Narrow(sum, output);
        }
    }

    public void Reset()
    {
        foreach (var s in _splitters) s.Reset();
        foreach (var c in _compressors) c.Reset();
    }

    private void Allocate(int frames)
    {
        _capacity = frames;
        _input = new double[_channels][];
        _byBand = new double[_bands][][];
        _byChannel = new double[_channels][][];
        for (var c = 0; c < _channels; c++)
        {
            _input[c] = new double[frames];
            _byChannel[c] = new double[_bands][];
        }
        for (var b = 0; b < _bands; b++)
        {
            _byBand[b] = new double[_channels][];
            for (var c = 0; c < _channels; c++) _byBand[b][c] = _byChannel[c][b] = new double[frames];
        }
    }
}
