using System.Numerics.Tensors;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// Brickwall lookahead limiter on true peak: the output's true peak stays at or below
/// <see cref="TruePeakLimiterSettings.CeilingDbtp"/> as an ideal interpolator reads it and as the BS.1770-4 Annex 2
/// filter (the one distributors' meters use) reads it.
/// </summary>
/// <remarks>
/// Per frame: (1) <see cref="LimiterPeakEnvelope"/> gives each channel's true-peak envelope: the larger of our
/// meter's reading (or, where the signal has enough close to Nyquist for that to be off, a long interpolator's) and
/// the Annex 2 filter's, skipping what provably stays under the threshold; linked across channels by the maximum (a brickwall limiter must not shift the image);
/// (2) the gain each frame needs, ceiling / peak, is held for W + 2H frames (a sliding maximum of the peak);
/// (3) the two-stage <see cref="ProgramDependentRelease"/> lets go of it; (4) a W-frame moving average
/// turns the step into a linear attack ramp. The audio is delayed so that each peak meets the middle of
/// the 2H+1 frames over which the gain is at or below what the peak needs (H = <see cref="LimiterPeakEnvelope.FlatFrames"/>),
/// so the gain is flat across what the interpolators weigh around the peak, and they read the output's peak as
/// gain × input peak: at most the ceiling. No filter touches the programme: under the ceiling the output is the input,
/// bit for bit, delayed.
/// A sample-peak clip at the ceiling follows as a last safety net (it only acts on rounding-level excess).
/// Output frame i is input frame i − <see cref="LatencyFrames"/>: the chain drops the first LatencyFrames
/// frames and feeds LatencyFrames frames of silence after the last block to get the tail out.
/// </remarks>
public sealed class TruePeakLimiter : IAudioProcessor
{
    private const int ChunkFrames = LimiterPeakEnvelope.MaxChunkFrames;

    private readonly LimiterPeakEnvelope[] _detectors;
    private readonly float[][] _envelopes;
    private readonly float[][] _delayLines;
    private readonly double[] _gains = new double[ChunkFrames];
    private readonly double[] _held = new double[ChunkFrames];
    private readonly SlidingPeak _hold;
    private readonly ProgramDependentRelease _release;
    private readonly MovingAverage _attack;
    private readonly double _thresholdLinear;
    private readonly float _ceilingLinear;
    private double _minimumGain = 1.0;

    public TruePeakLimiter(TruePeakLimiterSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 8000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Settings = settings;
        SampleRateHz = sampleRateHz;

        AttackFrames = Math.Max(1, (int)Math.Round(settings.LookaheadMs * sampleRateHz / 1000.0));
        const int flatFrames = LimiterPeakEnvelope.FlatFrames;
        LatencyFrames = LimiterPeakEnvelope.LatencyFrames + AttackFrames - 1 + flatFrames;

        // Rounded to a 2⁻⁴⁰ grid (1099511627776 = 2⁴⁰) so a last-bit difference between platforms' Math.Pow cannot change a render's bits.
        _thresholdLinear = Math.Round(Math.Pow(10, (settings.CeilingDbtp - settings.DetectorMarginDb) / 20) * 1099511627776.0) / 1099511627776.0;
        _ceilingLinear = (float)(Math.Round(Math.Pow(10, settings.CeilingDbtp / 20) * 1099511627776.0) / 1099511627776.0);
        _hold = new SlidingPeak(AttackFrames + 2 * flatFrames);
        _release = new ProgramDependentRelease(settings.ReleaseMs, settings.SustainedReleaseMs, sampleRateHz);
        _attack = new MovingAverage(AttackFrames, 1.0);

        _detectors = new LimiterPeakEnvelope[channels];
        _envelopes = new float[channels][];
        _delayLines = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            _detectors[c] = new LimiterPeakEnvelope(_thresholdLinear);
            _envelopes[c] = new float[ChunkFrames];
            _delayLines[c] = new float[LatencyFrames + ChunkFrames];
        }
    }

    public TruePeakLimiterSettings Settings { get; }

    public int SampleRateHz { get; }

    public int ChannelCount => _detectors.Length;

    /// <summary>Frames over which gain reduction ramps in before a peak.</summary>
    public int AttackFrames { get; }

    /// <summary>Detector delay + attack ramp + the flat stretch after the peak's centre, in frames.</summary>
    public int LatencyFrames { get; }

    /// <summary>Smallest gain applied since construction or <see cref="Reset"/>, in dB (0 or negative): the deepest gain reduction.</summary>
    public double MaxGainReductionDb => 20 * Math.Log10(_minimumGain);

    public void Process(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.ChannelCount != _detectors.Length)
            throw new ArgumentException($"This limiter was set up for {_detectors.Length} channels.", nameof(block));
        for (var start = 0; start < block.Frames; start += ChunkFrames)
            ProcessChunk(block, start, Math.Min(ChunkFrames, block.Frames - start));
    }

    public void Reset()
    {
        foreach (var detector in _detectors) detector.Reset();
        foreach (var line in _delayLines) Array.Clear(line);
        _hold.Reset();
        _release.Reset();
        _attack.Reset();
        _minimumGain = 1.0;
    }

    private void ProcessChunk(AudioBlock block, int start, int frames)
    {
        var channels = _detectors.Length;
        for (var c = 0; c < channels; c++)
        {
            var samples = block.Channels[c].AsSpan(start, frames);
            _detectors[c].Process(samples, _envelopes[c].AsSpan(0, frames));
        }

        // Linked envelope (the loudest channel), then held: the minimum over the hold of ceiling / peak is
        // ceiling / (maximum peak over the hold), since division by a positive number is monotonic.
        var linked = _envelopes[0].AsSpan(0, frames);
        for (var c = 1; c < channels; c++) TensorPrimitives.Max(linked, _envelopes[c].AsSpan(0, frames), linked);
        var held = _held.AsSpan(0, frames);
        PlanarScratch.Widen(linked, held);
        _hold.Process(held, held);

        var threshold = _thresholdLinear;
        var minimum = _minimumGain;
        var gains = _gains.AsSpan(0, frames);
        for (var i = 0; i < frames; i++)
        {
            var needed = held[i] > threshold ? threshold / held[i] : 1.0;
            var gain = _attack.Push(_release.Next(needed));
            gains[i] = gain;
            if (gain < minimum) minimum = gain;
        }
        _minimumGain = minimum;

        // Delay line kept in order: [last inputs | this chunk]; the output is its first `frames`.
        var ceiling = _ceilingLinear;
        var length = LatencyFrames;
        var product = _held.AsSpan(0, frames);
        for (var c = 0; c < channels; c++)
        {
            var samples = block.Channels[c].AsSpan(start, frames);
            var line = _delayLines[c];
            samples.CopyTo(line.AsSpan(length));
            PlanarScratch.Widen(line.AsSpan(0, frames), product);
            TensorPrimitives.Multiply(product, gains, product);
            PlanarScratch.Narrow(product, samples);
            TensorPrimitives.Min(samples, ceiling, samples);
            TensorPrimitives.Max(samples, -ceiling, samples);
            line.AsSpan(frames, length).CopyTo(line);
        }
    }
}
