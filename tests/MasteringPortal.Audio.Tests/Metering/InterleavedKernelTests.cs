using System.Numerics;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// The interpolation and band-pass kernels that run several vectors of lanes at once (to keep the multiply-add units
/// busy) give every lane the bits the one-vector kernels give it, and the limiter's Nyquist error estimate, written in
/// runs, is its definition: the factor times the largest band level in the 64-frame groups within reach.
/// </summary>
public sealed class InterleavedKernelTests
{
    private static float[] Material(int length, int seed)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (var i = 0; i < x.Length; i++)
        {
            // Noise, a burst near Nyquist and a clipped stretch: all the shapes the readers meet.
            x[i] = (float)(random.NextDouble() * 2 - 1) * 0.3f;
            if (i % 2000 is > 500 and < 900) x[i] += 0.6f * MathF.Cos(MathF.PI * 0.97f * i);
            if (i % 3000 is > 2000 and < 2200) x[i] = Math.Clamp(x[i] * 8, -0.9f, 0.9f);
        }
        return x;
    }

    [Theory]
    [InlineData(TruePeakDetector.TapsPerPhase, TruePeakDetector.KaiserBeta)]
    [InlineData(LimiterPeakEnvelope.LongTaps, LimiterPeakEnvelope.LongKaiserBeta)]
    public void Two_vectors_at_once_give_each_lane_the_one_vector_bits(int taps, double beta)
    {
        var h = TruePeakKernels.Broadcast(TruePeakInterpolatorDesign.InterpolatingPhases(4, taps, beta), taps);
        var x = Material(taps + 40 * Vector<float>.Count, taps);
        var width = Vector<float>.Count;
        for (var start = taps; start + 2 * width < x.Length; start += width + 3)
        {
            var (first, second) = TruePeakKernels.Envelope2<FusedWhereSupported>(ref x[0], (nuint)start, h, taps);
            Assert.Equal(TruePeakKernels.Envelope<FusedWhereSupported>(ref x[0], (nuint)start, h, taps), first);
            Assert.Equal(TruePeakKernels.Envelope<FusedWhereSupported>(ref x[0], (nuint)(start + width), h, taps), second);
            var (firstFused, secondFused) = TruePeakKernels.Envelope2<AlwaysFused>(ref x[0], (nuint)start, h, taps);
            Assert.Equal(TruePeakKernels.Envelope<AlwaysFused>(ref x[0], (nuint)start, h, taps), firstFused);
            Assert.Equal(TruePeakKernels.Envelope<AlwaysFused>(ref x[0], (nuint)(start + width), h, taps), secondFused);
        }
    }

    [Fact]
    public void Four_vectors_of_the_Nyquist_band_level_at_once_give_each_lane_the_one_vector_bits()
    {
        var band = NyquistBandLevel.Broadcast();
        var width = Vector<float>.Count;
        var x = Material(NyquistBandLevel.Taps + 40 * width, 7);
        var levels = new float[4 * width];
        for (var centre = NyquistBandLevel.Half; centre + 4 * width + NyquistBandLevel.Half < x.Length; centre += width + 5)
        {
            NyquistBandLevel.Level4(ref x[0], (nuint)centre, band, levels);
            for (var v = 0; v < 4; v++)
                Assert.Equal(NyquistBandLevel.Level(ref x[0], (nuint)(centre + v * width), band), new Vector<float>(levels, v * width));
        }
    }

    [Fact]
    public void The_Nyquist_error_estimate_is_the_largest_band_level_within_reach_in_whole_groups_whatever_the_blocks()
    {
        const float factor = 1.5f;
        var x = Material(12_000, 11);
        var estimate = new NyquistErrorEstimate(factor);
        var output = new float[x.Length];
        var random = new Random(3);
        for (var start = 0; start < x.Length;)
        {
            var n = Math.Min(x.Length - start, random.Next(1, LimiterPeakEnvelope.MaxChunkFrames + 1));
            estimate.Process(x.AsSpan(start, n), output.AsSpan(start, n));
            start += n;
        }

        // The definition: the band-pass's magnitude at each position of the stream (zeros outside it), the largest in
        // each group of 64 frames counted from the first, and output i is for position i − latency.
        var taps = NyquistBandLevel.Floats();
        float Level(long q)
        {
            float acc = 0;
            for (var k = 0; k < taps.Length; k++)
            {
                var at = q + NyquistBandLevel.Half - k;
                acc = MathF.FusedMultiplyAdd(taps[k], at >= 0 && at < x.Length ? x[at] : 0f, acc);
            }
            return Math.Abs(acc);
        }
        const int group = NyquistErrorEstimate.GroupFrames;
        for (var i = 0; i < x.Length; i++)
        {
            long p = i - NyquistErrorEstimate.LatencyFrames;
            var from = (long)Math.Floor((p - NyquistErrorEstimate.Reach) / (double)group);
            var to = (long)Math.Floor((p + NyquistErrorEstimate.Reach) / (double)group);
            var peak = 0f;
            for (var q = from * group; q < (to + 1) * group; q++) peak = Math.Max(peak, Level(q));
            Assert.True(peak * factor == output[i], $"output {i}: {output[i]} instead of {peak * factor}");
        }
    }
}
