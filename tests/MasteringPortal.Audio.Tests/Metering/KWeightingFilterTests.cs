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
        // The sample-by-sample pair (the blocks of eight are held to it by the next test, to rounding).
        KWeightingFilter pairL = new(rateHz, allowBlocks: false), pairR = new(rateHz, allowBlocks: false);
        KWeightingFilter pairL2 = new(rateHz, allowBlocks: false), pairR2 = new(rateHz, allowBlocks: false);
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

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    [InlineData(192000)]
    public void Blocks_of_eight_samples_filter_as_the_sample_by_sample_loop_does(int rateHz)
    {
        // Where the processor has AVX-512, the pair runs eight samples at a time from a block form of the same filter,
        // then hands its state to the sample-by-sample loop for the rest of a piece and takes it back for the next.
        // Fed in uneven pieces (so every hand-over happens, at every offset), each channel's sums, the fold-down's and
        // the state carried along must agree with one channel at a time to rounding. Loud low and high content and
        // near-silence both, since the state's own decay (the 38 Hz high-pass) is what the block form must carry.
        // Tolerance 1e-7 of the energy (4e-7 dB): the two orders of the same double arithmetic differ by 1e-14 of the
        // energy on noise and up to about 1e-9 where a loud 30 Hz tone at 192 kHz fills the high-pass's state with
        // values that cancel (measured); one wrong coefficient or a state lost at a hand-over moves it by far more.
        var random = new Random(rateHz);
        // Three samples past a whole number of blocks, so that the pieces end inside a block.
        var left = new float[2 * rateHz + 3];
        var right = new float[2 * rateHz + 3];
        for (var i = 0; i < left.Length; i++)
        {
            var fade = i < rateHz ? 1.0 : 1e-4;
            left[i] = (float)(fade * (0.8 * Math.Sin(2 * Math.PI * 30 * i / rateHz) + 0.1 * (random.NextDouble() - 0.5)));
            right[i] = (float)(fade * (0.5 * Math.Sin(2 * Math.PI * 0.4 * rateHz * i / rateHz) + 0.4 * (random.NextDouble() - 0.5)));
        }
        KWeightingFilter pairL = new(rateHz), pairR = new(rateHz);
        KWeightingFilter loopL = new(rateHz, allowBlocks: false), loopR = new(rateHz, allowBlocks: false);
        KWeightingFilter soloL = new(rateHz), soloR = new(rateHz);
        var done = 0;
        double totalL = 0, totalR = 0;
        while (done < left.Length)
        {
            var n = Math.Min(left.Length - done, 1 + random.Next(3000));
            var l = left.AsSpan(done, n);
            var r = right.AsSpan(done, n);
            var expectedL = soloL.SumOfSquares(l);
            var expectedR = soloR.SumOfSquares(r);
            var loop = KWeightingFilter.SumOfSquaresPairWithFoldDown(loopL, l, 1, loopR, r, 1e6, out var loopFold);
            var sum = KWeightingFilter.SumOfSquaresPairWithFoldDown(pairL, l, 1, pairR, r, 1e6, out var fold);
            // Weights 1 and 1e6 keep the two channels' sums apart in one figure.
            Assert.Equal(expectedL + 1e6 * expectedR, sum, 1e-7 * (expectedL + 1e6 * expectedR) + 1e-300);
            Assert.Equal(loop, sum, 1e-7 * loop + 1e-300);
            Assert.Equal(loopFold, fold, 1e-7 * loopFold + 1e-300);
            totalL += expectedL; totalR += expectedR;
            done += n;
        }
        Assert.True(totalL > 0 && totalR > 0);
        // The states carried to the end agree too: one more piece, the same sums, through the pair (which finishes the
        // block left open) and then through one channel alone (which must first catch up with that block's samples).
        var tail = left.AsSpan(0, 1001);
        var expectedTail = soloL.SumOfSquares(tail);
        Assert.Equal(expectedTail, KWeightingFilter.SumOfSquaresPair(pairL, tail, 1, pairR, tail, 0), 1e-7 * expectedTail);
        expectedTail = soloL.SumOfSquares(tail);
        Assert.Equal(expectedTail, pairL.SumOfSquares(tail), 1e-7 * expectedTail);
    }

    [Fact]
    public void A_filter_fed_in_blocks_goes_on_with_a_partner_that_is_not()
    {
        // The pair falls back to the sample-by-sample loop when its two filters do not share the block form; the one that
        // was fed in blocks, and left a block open, must first catch up with that block's samples.
        const int rate = 48000;
        var random = new Random(5);
        var x = Enumerable.Range(0, 4003).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        KWeightingFilter blocks = new(rate), partner = new(rate), loop = new(rate, allowBlocks: false), loopPartner = new(rate, allowBlocks: false);
        KWeightingFilter.SumOfSquaresPair(blocks, x.AsSpan(0, 1003), 1, partner, x.AsSpan(0, 1003), 1);
        KWeightingFilter.SumOfSquaresPair(loop, x.AsSpan(0, 1003), 1, loopPartner, x.AsSpan(0, 1003), 1);
        var expected = KWeightingFilter.SumOfSquaresPair(loop, x.AsSpan(1003), 1, new KWeightingFilter(rate, allowBlocks: false), x.AsSpan(1003), 0);
        var mixed = KWeightingFilter.SumOfSquaresPair(blocks, x.AsSpan(1003), 1, new KWeightingFilter(rate, allowBlocks: false), x.AsSpan(1003), 0);
        Assert.Equal(expected, mixed, 1e-7 * expected);
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
