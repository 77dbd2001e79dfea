using System.Numerics;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// The limiter's per-sample true-peak envelope for ONE channel: the larger of two readings, the meter's
/// (<see cref="TruePeakKernels"/>: the design of <see cref="TruePeakDetector"/>, 4x with parabolic vertices) and the
/// BS.1770-4 Annex 2 filter's (<see cref="Bs1770Interpolator"/>), so a master held under the ceiling by this envelope
/// measures under it both on an ideal interpolator and on the standard's filter, whose pass-band ripple reads some
/// material higher. One shortcut only the limiter can take: it only asks whether a peak exceeds its threshold, so a
/// run of outputs whose inputs in reach, times the largest gain of either reading, stay at or below the threshold is
/// not interpolated: its envelope is the original samples' magnitude, which is also at or below the threshold, so
/// every gain the limiter computes is exactly what the full envelope would give.
/// Output i is the largest magnitude from input i − <see cref="LatencyFrames"/> up to the next input.
/// </summary>
internal sealed class LimiterPeakEnvelope
{
    public const int MaxChunkFrames = 1024;
    private const int Taps = TruePeakDetector.TapsPerPhase;
    private const int Delay = Taps / 2;

    private readonly float[][] _phases;
    private readonly Vector<float>[][] _phaseVectors;
    private readonly Vector<float>[] _bs1770 = Bs1770Interpolator.Broadcast();
    private readonly float[] _work = new float[Taps + MaxChunkFrames + Vector<float>.Count];
    private readonly float _skipAtOrBelow;

    public LimiterPeakEnvelope(double thresholdLinear)
    {
        var phases = TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, Taps, TruePeakDetector.KaiserBeta);
        _phases = phases;
        _phaseVectors = TruePeakKernels.Broadcast(phases);
        var largestGain = Math.Max(TruePeakDetector.LargestGain(phases), Bs1770Interpolator.LargestGain * (1 + 1e-4));
        _skipAtOrBelow = (float)(thresholdLinear / largestGain);
        if (_skipAtOrBelow > thresholdLinear / largestGain) _skipAtOrBelow = MathF.BitDecrement(_skipAtOrBelow);
    }

    public static int LatencyFrames => Delay;

    public void Reset() => Array.Clear(_work);

    /// <summary>Feeds at most <see cref="MaxChunkFrames"/> samples and writes their envelope (as long as the input).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> envelope)
    {
        var n = input.Length;
        if (n > MaxChunkFrames) throw new ArgumentException($"At most {MaxChunkFrames} frames at a time.", nameof(input));
        var work = _work;
        input.CopyTo(work.AsSpan(Taps));
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(work);
        var width = Vector<float>.Count;
        var skip = new Vector<float>(_skipAtOrBelow);
        // The Annex 2 phases that interpolate after the lane's sample read up to Lead samples past it.
        const int bsNewest = Bs1770Interpolator.Lead - Delay;
        var i = 0;
        for (; i + width <= n; i += width)
        {
            // Output i + j reads work[Taps + i + j − k] for k in 0..Taps−1: the reach is work[i + 1 .. Taps + i + width − 1].
            var reach = Vector.Abs(Vector.LoadUnsafe(ref w0, (nuint)(i + 1)));
            for (var r = i + 1 + width; r < Taps + i + width; r += width)
                reach = Vector.Max(reach, Vector.Abs(Vector.LoadUnsafe(ref w0, (nuint)Math.Min(r, Taps + i))));
            var start = (nuint)(Taps + i);
            var m = Vector.Abs(Vector.LoadUnsafe(ref w0, start - Delay));
            if (Vector.GreaterThanAny(reach, skip))
            {
                m = Vector.Max(m, TruePeakKernels.Envelope<AlwaysFused>(ref w0, start, _phaseVectors));
                m = Vector.Max(m, Bs1770Interpolator.Max(ref w0, (nuint)((int)start + bsNewest), _bs1770));
            }
            m.CopyTo(envelope[i..]);
        }
        for (; i < n; i++)
            envelope[i] = Math.Max(TruePeakKernels.ScalarEnvelope(work, Taps + i, _phases), Bs1770Interpolator.ScalarMax(work, Taps + i + bsNewest));
        work.AsSpan(n, Taps).CopyTo(work);
    }
}
