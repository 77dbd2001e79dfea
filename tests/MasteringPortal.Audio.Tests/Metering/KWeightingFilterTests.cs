using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

public class KWeightingFilterTests
{
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(192000)]
    public void Two_channels_in_one_loop_give_the_same_bits_as_one_channel_at_a_time(int rateHz)
    {
        // The pair loop (two lanes of one vector where the CPU has FMA) must be the single-channel filter twice,
        // state included: fed in uneven pieces, each channel's sum and the state carried into the next piece agree.
        var random = new Random(rateHz);
        var left = new float[rateHz];
        var right = new float[rateHz];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = (float)(0.8 * Math.Sin(2 * Math.PI * 60 * i / rateHz) + 0.1 * (random.NextDouble() - 0.5));
            right[i] = (float)(random.NextDouble() - 0.5);
        }
        KWeightingFilter pairL = new(rateHz), pairR = new(rateHz), pairL2 = new(rateHz), pairR2 = new(rateHz);
        KWeightingFilter soloL = new(rateHz), soloR = new(rateHz);
        var done = 0;
        while (done < left.Length)
        {
            var n = Math.Min(left.Length - done, 1 + random.Next(5000));
            var l = left.AsSpan(done, n);
            var r = right.AsSpan(done, n);
            var expectedL = soloL.SumOfSquares(l);
            var expectedR = soloR.SumOfSquares(r);
            // Weights 1 and 0 pick one channel's sum out of the pair exactly.
            Assert.Equal(expectedL, KWeightingFilter.SumOfSquaresPair(pairL, l, 1, pairR, r, 0));
            Assert.Equal(expectedR, KWeightingFilter.SumOfSquaresPair(pairL2, l, 0, pairR2, r, 1));
            var both = KWeightingFilter.SumOfSquaresPairWithFoldDown(new(rateHz), l, 1.0, new(rateHz), r, 1.41, out var fold);
            Assert.True(double.IsFinite(both) && fold >= 0);
            done += n;
        }
    }

    [Fact]
    public void The_fold_down_sum_is_the_k_weighted_mono_mix()
    {
        // K is linear: Σ((K(L) + K(R))/2)² from the pair equals Σ K((L + R)/2)² of one filter, to rounding.
        const int rate = 48000;
        var random = new Random(3);
        var left = Enumerable.Range(0, rate).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var right = Enumerable.Range(0, rate).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var mono = left.Zip(right, (l, r) => (l + r) / 2).ToArray();
        KWeightingFilter.SumOfSquaresPairWithFoldDown(new(rate), left, 1, new(rate), right, 1, out var fold);
        var direct = new KWeightingFilter(rate).SumOfSquares(mono);
        Assert.Equal(direct, fold, direct * 1e-9);
    }
}
