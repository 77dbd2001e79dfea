using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;

namespace MasteringPortal.Audio.Render;

/// <summary>Which part of the chain to build (the renderer runs the tone stages once, then the output stages per deliverable).</summary>
/// <param name="OutputRateHz">Rate out of the SRC; null = the settings' output rate, or the input rate.</param>
/// <param name="LoudnessGainDb">Gain into the SRC and limiter that reaches the loudness target.</param>
/// <param name="IncludeTone">Input gain, filters, EQ, dynamics, saturation, imager.</param>
/// <param name="IncludeLimiter">The clipper and the true-peak limiter (each if the settings enable it).</param>
public sealed record ChainOptions(int? OutputRateHz = null, double LoudnessGainDb = 0, bool IncludeTone = true, bool IncludeLimiter = true);

/// <summary>
/// The mastering chain built from <see cref="RenderSettings"/> for one sample rate and channel count, in the
/// engine's fixed order, streaming block by block. Latency is compensated inside: the processors before
/// the SRC delay the signal by the sum of their <see cref="IAudioProcessor.LatencyFrames"/> (input rate),
/// the limiter by its own (output rate); each delay is dropped from the start and flushed out with zeros at
/// the end, so output frame i is the mix's frame i and the master is exactly as long as the mix.
/// Dither is not part of it: each deliverable quantises to its own bit depth.
/// </summary>
public sealed class MasteringChain
{
    public const int BlockFrames = 4096;

    private readonly IAudioProcessor[] _inputRateProcessors;
    private readonly LatencyTrim _inputRateTrim;
    private readonly Resampler? _resampler;
    private readonly AudioBlock _resampled;
    private readonly TruePeakLimiter? _limiter;
    private readonly LatencyTrim _outputRateTrim;
    private readonly AudioBlock _zeros;

    public MasteringChain(RenderSettings settings, int inputRateHz, int channels, ChainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options ??= new ChainOptions();
        InputRateHz = inputRateHz;
        OutputRateHz = options.OutputRateHz ?? settings.Output.SampleRateHz ?? inputRateHz;
        ChannelCount = channels;

        var stages = new List<IAudioProcessor>();
        if (options.IncludeTone) stages.AddRange(ToneProcessors(settings, inputRateHz, channels));
        if (options.LoudnessGainDb != 0) stages.Add(new GainStage(options.LoudnessGainDb));
        if (options.IncludeLimiter && settings.Clipper is { Enabled: true, Settings: { } clipperSettings }
            && settings.Limiter is { Enabled: true, Settings: { } ceiling })
        {
            Clipper = new Clipper(clipperSettings, ceiling.CeilingDbtp, channels);
            stages.Add(Clipper);
        }
        _inputRateProcessors = stages.ToArray();
        InputRateLatencyFrames = _inputRateProcessors.Sum(p => p.LatencyFrames);
        _inputRateTrim = new LatencyTrim(InputRateLatencyFrames);

        if (OutputRateHz != inputRateHz)
        {
            _resampler = new Resampler(new ResamplerSettings(inputRateHz, OutputRateHz), channels);
            _resampled = new AudioBlock(channels, _resampler.MaxOutputFrames(BlockFrames));
        }
        else _resampled = new AudioBlock(channels, 1);

        if (options.IncludeLimiter && settings.Limiter is { Enabled: true, Settings: { } limiterSettings })
            _limiter = new TruePeakLimiter(limiterSettings, OutputRateHz, channels);
        OutputRateLatencyFrames = _limiter?.LatencyFrames ?? 0;
        _outputRateTrim = new LatencyTrim(OutputRateLatencyFrames);
        _zeros = new AudioBlock(channels, BlockFrames);
    }

    public int InputRateHz { get; }

    public int OutputRateHz { get; }

    public int ChannelCount { get; }

    /// <summary>The clipper after the loudness gain, when the settings enable it and this chain includes the limiter.</summary>
    public Clipper? Clipper { get; }

    /// <summary>The true-peak limiter, when the settings enable it and this chain includes it.</summary>
    public TruePeakLimiter? Limiter => _limiter;

    /// <summary>The processors before the SRC, in order (for inspection and tests).</summary>
    public IReadOnlyList<IAudioProcessor> InputRateProcessors => _inputRateProcessors;

    /// <summary>Sum of the latencies of the enabled processors before the SRC, in input frames.</summary>
    public int InputRateLatencyFrames { get; }

    /// <summary>The limiter's latency, in output frames.</summary>
    public int OutputRateLatencyFrames { get; }

    /// <summary>
    /// Processes one block of the mix (at most <see cref="BlockFrames"/> frames; the block is overwritten)
    /// and hands any finished output to <paramref name="sink"/> (the block passed there is reused: copy or write it).
    /// </summary>
    public void Process(AudioBlock input, Action<AudioBlock> sink)
    {
        if (input.Frames > BlockFrames) throw new ArgumentException($"At most {BlockFrames} frames per block.", nameof(input));
        foreach (var p in _inputRateProcessors) p.Process(input);
        _inputRateTrim.Apply(input);
        if (input.Frames == 0) return;
        if (_resampler is null)
        {
            FinishOutput(input, sink);
            return;
        }
        _resampler.Process(input, _resampled);
        FinishOutput(_resampled, sink);
    }

    /// <summary>Ends the stream: pushes the delayed tail out with zeros so the output is as long as the input.</summary>
    public void Flush(Action<AudioBlock> sink)
    {
        for (var left = InputRateLatencyFrames; left > 0; left -= BlockFrames)
        {
            ZeroBlock(Math.Min(left, BlockFrames));
            Process(_zeros, sink);
        }
        if (_resampler is not null)
            while (_resampler.Flush(_resampled) > 0) FinishOutput(_resampled, sink);
        if (_limiter is null) return;
        for (var left = OutputRateLatencyFrames; left > 0; left -= BlockFrames)
        {
            ZeroBlock(Math.Min(left, BlockFrames));
            FinishOutput(_zeros, sink);
        }
    }

    private void FinishOutput(AudioBlock block, Action<AudioBlock> sink)
    {
        if (_limiter is not null)
        {
            _limiter.Process(block);
            _outputRateTrim.Apply(block);
        }
        if (block.Frames > 0) sink(block);
    }

    private void ZeroBlock(int frames)
    {
        _zeros.Frames = frames;
        for (var c = 0; c < ChannelCount; c++) Array.Clear(_zeros.Channels[c], 0, frames);
    }

    /// <summary>The enabled tone stages in the engine's order, fixed so that a settings document means one sound.</summary>
    private static IEnumerable<IAudioProcessor> ToneProcessors(RenderSettings s, int rateHz, int channels)
    {
        if (s.InputGain is { Enabled: true, GainDb: not 0 } gain) yield return new GainStage(gain.GainDb);
        if (s.HighPass is { Enabled: true, Settings: { } hp }) yield return new HighPassFilter(hp, rateHz, channels);
        if (s.LowPass is { Enabled: true, Settings: { } lp }) yield return new LowPassFilter(lp, rateHz, channels);
        if (s.Eq is { Enabled: true, Settings: { } eq })
            yield return s.Eq.LinearPhase ? new LinearPhaseEq(eq, rateHz, channels) : new ParametricEq(eq, rateHz, channels);
        if (s.Compressor is { Enabled: true, Settings: { } comp }) yield return new Compressor(comp, rateHz, channels);
        if (s.Multiband is { Enabled: true, Settings: { } mb }) yield return new MultibandCompressor(mb, rateHz, channels);
        if (s.Saturation is { Enabled: true, Settings: { } sat }) yield return new Saturator(sat, rateHz, channels);
        if (s.Imager is { Enabled: true, Settings: { } img }) yield return new StereoImager(img, rateHz, channels);
    }
}
