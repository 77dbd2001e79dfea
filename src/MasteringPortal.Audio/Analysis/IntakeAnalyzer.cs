using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// The mastering engineer's intake checklist in ONE streaming pass: every block read from the source is fed to
/// the loudness meter (BS.1770-4 / R128, true peak, and the gated mono fold-down from the same K-weighted samples), and each of the
/// analysers in this folder. Memory is a few blocks plus fixed-size state and the per-100 ms results
/// (loudness curves, pinned-peak segments, waveform pixels), so it stays flat for any file length.
/// </summary>
public static class IntakeAnalyzer
{
    /// <summary>dB added to the one-channel fold-down meter: (L+R)/2 played on both speakers sums two equal channels.</summary>
    private static readonly double DualMonoGainDb = 10 * Math.Log10(2);

    /// <summary>Blocks of mid and side gathered before the spectrum's worker takes them (see the hand-over below).</summary>
    private const int SpectrumBlocksPerHandOff = 4;

    public static IntakeAnalysis Analyze(
        IAudioSource source,
        IProgress<double>? progress = null,
        CancellationToken ct = default,
        IntakeAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new IntakeAnalyzerOptions();
        var format = source.Format;
        var channels = format.Channels;
        var rate = format.SampleRateHz;
        var stereo = channels == 2;
        if (rate < LoudnessMeter.MinSampleRateHz || rate > LoudnessMeter.MaxSampleRateHz)
            throw new AudioFileException(
                $"This file's sample rate ({rate} Hz) is outside the 8-384 kHz we can measure: please export it at 44.1 kHz or higher.");
        if (channels < 1)
            throw new AudioFileException("This file has no audio channels: please export it again.");

        var meter = new LoudnessMeter(rate, channels, new LoudnessMeterOptions(MonoFoldDown: stereo));
        var cutoff = new LossyCutoffDetector(rate);
        var spectrum = new LongTermSpectrumAnalyzer(rate, hasSide: channels >= 2, cutoff, monoTimeline: stereo);
        var clipping = new ClippingDetector(rate, channels);
        var bitDepth = new EffectiveBitDepthDetector(format.BitDepth);
        var silence = new SilenceDetector();
        var stereoField = new StereoFieldMeter(channels);
        var pinned = new PinnedPeakTracker(rate);
        var waveform = options.ZoomLevels.Count > 0
            ? new WaveformPeaksBuilder(rate, channels, options.ZoomLevels, options.WaveformBits, source.LengthFrames)
            : null;

        var blockFrames = options.BlockFrames;
        var interleaved = new float[blockFrames * channels];
        var planar = new AudioBlock(channels, blockFrames);
        // Two sets of mid/side buffers: the spectrum runs on a worker over one set while this thread fills the
        // other and feeds the meter and the rest, so the pass can use two cores. Each worker task finishes before the next starts: analysers see blocks in order.
        // A set holds several blocks, so that the worker is woken once per set rather than once per block: each hand-over
        // costs a few thread switches (measured on the 3.5-minute real master: 3341 switches and 24 % more CPU than on one
        // core with a hand-over per block of 16384 frames).
        var handOffFrames = blockFrames * SpectrumBlocksPerHandOff;
        float[][] midBuffers = [new float[handOffFrames], new float[handOffFrames]];
        float[][] sideBuffers = [new float[handOffFrames], new float[handOffFrames]];
        var slot = 0;
        var filled = 0;
        var spectrumWork = Task.CompletedTask;
        void HandOffSpectrum()
        {
            spectrumWork.Wait(ct);
            var (midSet, sideSet, setLength) = (midBuffers[slot], sideBuffers[slot], filled);
            spectrumWork = Task.Run(() => spectrum.Add(midSet.AsSpan(0, setLength), sideSet.AsSpan(0, setLength)), ct);
            slot ^= 1;
            filled = 0;
        }
        long position = 0;
        var expected = source.LengthFrames;
        var lastReported = -1.0;

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var frames = source.Read(interleaved);
            if (frames <= 0) break;
            var samples = interleaved.AsSpan(0, frames * channels);

            planar.Deinterleave(samples, frames);
            var m = midBuffers[slot].AsSpan(filled, frames);
            var sd = sideBuffers[slot].AsSpan(filled, frames);
            if (channels >= 2)
            {
                // Mid and side from the front pair (for 5.1 the L/R image is what a fold-down check is about).
                var left = planar.Channels[0].AsSpan(0, frames);
                var right = planar.Channels[1].AsSpan(0, frames);
                System.Numerics.Tensors.TensorPrimitives.Add(left, right, m);
                System.Numerics.Tensors.TensorPrimitives.Multiply(m, 0.5f, m);
                System.Numerics.Tensors.TensorPrimitives.Subtract(left, right, sd);
                System.Numerics.Tensors.TensorPrimitives.Multiply(sd, 0.5f, sd);
                stereoField.AddPair(left, right);
            }
            else
            {
                planar.Channels[0].AsSpan(0, frames).CopyTo(m);
            }
            filled += frames;
            if (filled + blockFrames > handOffFrames) HandOffSpectrum();

            meter.AddFrames(samples);
            pinned.Add(samples, channels);
            bitDepth.Add(samples);
            for (var c = 0; c < channels; c++)
            {
                var channel = planar.Channels[c].AsSpan(0, frames);
                clipping.Add(c, channel, position);
                silence.Add(channel, position);
                stereoField.AddChannel(c, channel);
            }
            waveform?.Add(planar.Channels, frames);
            stereoField.AddFrames(frames);
            position += frames;

            if (progress is not null && expected is > 0)
            {
                var fraction = Math.Min(1.0, (double)position / expected.Value);
                if (fraction - lastReported >= 0.01) { progress.Report(fraction); lastReported = fraction; }
            }
        }

        if (filled > 0) HandOffSpectrum();
        spectrumWork.Wait(ct);
        var integrated = meter.IntegratedLufs;
        var foldDown = meter.MonoFoldDownIntegratedLufs is { } f ? f + DualMonoGainDb : (double?)null;
        var samplePeakDbfs = FiniteOrNull(meter.SamplePeakDbfs);
        var truePeakDbtp = FiniteOrNull(meter.TruePeakDbtp);
        var dc = stereoField.DcOffsets();

        var analysis = new IntakeAnalysis
        {
            DurationSeconds = (double)position / rate,
            SampleRateHz = rate,
            Channels = channels,
            BitDepth = format.BitDepth,
            EffectiveBitDepth = bitDepth.EffectiveBits,
            Encoding = format.Encoding.ToString().ToLowerInvariant(),
            Container = format.Container,
            IntegratedLufs = integrated,
            LoudnessRangeLu = meter.LoudnessRangeLu,
            MaxMomentaryLufs = meter.MaxMomentaryLufs,
            MaxShortTermLufs = meter.MaxShortTermLufs,
            TruePeakDbtp = truePeakDbtp,
            SamplePeakDbfs = samplePeakDbfs,
            PeakToLoudnessRatioDb = truePeakDbtp - integrated,
            ChannelTruePeakDbtp = Enumerable.Range(0, channels).Select(c => FiniteOrNull(20 * Math.Log10(meter.ChannelTruePeak(c)))).ToArray(),
            ChannelSamplePeakDbfs = Enumerable.Range(0, channels).Select(c => FiniteOrNull(20 * Math.Log10(meter.ChannelSamplePeak(c)))).ToArray(),
            Clipping = clipping.Finish(),
            PinnedPeakShare = pinned.PinnedShare(),
            DcOffsetDbfs = dc.Select(d => FiniteOrNull(20 * Math.Log10(Math.Abs(d)))).ToArray(),
            StereoCorrelation = stereo ? stereoField.Correlation : null,
            MonoFoldDownLufs = foldDown,
            MonoFoldDownLossLu = integrated - foldDown,
            Silence = silence.Finish(position, rate),
            LossyCutoff = cutoff.Result(),
            Spectrum = spectrum.Finish(),
            MonoTimeline = spectrum.MonoTimeline(integrated),
            LoudnessCurves = new LoudnessCurves(0.1, ToCurve(meter.MomentarySeries), ToCurve(meter.ShortTermSeries)),
            Waveforms = waveform?.Finish(),
        };
        progress?.Report(1.0);
        return analysis with { Checks = IntakeChecks.Evaluate(analysis, format.IsLossy) };
    }

    private static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;

    private static float?[] ToCurve(IReadOnlyList<float> series)
    {
        var curve = new float?[series.Count];
        for (var i = 0; i < curve.Length; i++) curve[i] = float.IsFinite(series[i]) ? series[i] : null;
        return curve;
    }
}
