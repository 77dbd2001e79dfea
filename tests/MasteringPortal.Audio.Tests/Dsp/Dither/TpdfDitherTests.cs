using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;

namespace MasteringPortal.Audio.Tests.Dsp.Dither;

/// <summary>TPDF dither to 16 or 24 bits as the last step, deterministic, never twice.</summary>
public class TpdfDitherTests
{
    [Theory]
    [InlineData(16, NoiseShaping.None)]
    [InlineData(16, NoiseShaping.FirstOrderHighPass)]
    [InlineData(16, NoiseShaping.SecondOrderPsychoacoustic)]
    [InlineData(24, NoiseShaping.None)]
    [InlineData(24, NoiseShaping.SecondOrderPsychoacoustic)]
    public void Every_output_sample_is_a_whole_number_of_LSBs_within_the_formats_range(int bits, NoiseShaping shaping)
    {
        // A loud sine that also runs past full scale, so clipping at both rails is exercised.
        var block = DitherTestSignals.Sine(20000, 1.2);
        var quantised = new TpdfDither(new DitherSettings(bits, shaping), 44100, 1).Quantise(block);

        var scale = (double)(1L << (bits - 1));
        foreach (var sample in quantised.Block.Channel(0))
        {
            var steps = sample * scale;
            Assert.Equal(Math.Floor(steps), steps);
            Assert.InRange(steps, -scale, scale - 1);
        }
        Assert.True(quantised.IsOnGrid());
        Assert.Equal(bits, quantised.BitDepth);
    }

    /// <summary>
    /// Unshaped TPDF: dither variance LSB²/6 (two uniforms of LSB²/12 each) plus rounding LSB²/12 = LSB²/4,
    /// so the error RMS is LSB/2 = 2⁻¹⁶ for 16 bits: −96.33 dB re full scale (±1.0), or −93.32 dBFS when
    /// 0 dBFS is a full-scale sine (AES17). The same whatever the signal: TPDF removes noise modulation.
    /// </summary>
    [Theory]
    [InlineData(0.5)]       // a loud sine
    [InlineData(1e-5)]      // a sine of a third of an LSB: the case where undithered rounding fails worst
    [InlineData(0.0)]       // digital silence: TPDF of silence is noise, by design
    public void Unshaped_TPDF_error_power_is_a_quarter_LSB_squared_whatever_the_signal(double amplitude)
    {
        const int bits = 16;
        var block = DitherTestSignals.Sine(1 << 18, amplitude);
        var original = DitherTestSignals.Copy(block, 0);
        new TpdfDither(new DitherSettings(bits), 44100, 1).Quantise(block);

        var lsb = 1.0 / (1 << (bits - 1));
        var theoryDb = 10 * Math.Log10(lsb * lsb / 4);                      // −96.33 dB
        var measuredDb = 10 * Math.Log10(DitherTestSignals.ErrorPower(original, block.Channel(0)));
        Assert.InRange(measuredDb, theoryDb - 0.5, theoryDb + 0.5);
        Assert.InRange(theoryDb, -96.4, -96.3); // the derivation above, in numbers
    }

    [Fact]
    public void The_same_seed_gives_the_same_bits_and_another_seed_other_bits()
    {
        float[] Render(ulong seed)
        {
            var block = DitherTestSignals.Sine(10000, 0.3);
            new TpdfDither(new DitherSettings(16, NoiseShaping.SecondOrderPsychoacoustic, seed), 44100, 1).Quantise(block);
            return DitherTestSignals.Copy(block, 0);
        }

        Assert.Equal(Render(42), Render(42));
        var other = Render(43);
        var reference = Render(42);
        var differing = reference.Where((s, i) => s != other[i]).Count();
        Assert.True(differing > reference.Length / 4, $"only {differing} of {reference.Length} samples differ");
    }

    [Fact]
    public void Reset_restarts_the_noise_so_a_second_render_is_bit_identical()
    {
        var dither = new TpdfDither(new DitherSettings(16, NoiseShaping.FirstOrderHighPass, 7), 48000, 2);
        var first = DitherTestSignals.Sine(5000, 0.25, 48000, channels: 2);
        dither.Quantise(first);
        dither.Reset();
        var second = DitherTestSignals.Sine(5000, 0.25, 48000, channels: 2);
        dither.Quantise(second);
        Assert.Equal(first.Channel(0).ToArray(), second.Channel(0).ToArray());
        Assert.Equal(first.Channel(1).ToArray(), second.Channel(1).ToArray());
    }

    /// <summary>
    /// Flat TPDF held to its sample-by-sample definition, written out here (one generator per channel seeded from the
    /// settings' seed, the two 32-bit halves of each draw, round half up, clip to the format), bit for bit, at 16 and 24
    /// bits, with samples beyond full scale on both sides: a faster form of the loop must keep the same bits.
    /// </summary>
    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 1037)]
    [InlineData(24, 4096)]
    [InlineData(24, 333)]
    public void Flat_TPDF_gives_the_bits_of_its_sample_by_sample_definition(int bits, int frames)
    {
        var block = new AudioBlock(2, frames);
        var random = new Random(frames);
        for (var c = 0; c < 2; c++)
            for (var i = 0; i < frames; i++)
                block.Channels[c][i] = i % 97 == 5 ? (i % 2 == 0 ? 1.5f : -1.5f) : (float)(random.NextDouble() * 2 - 1);
        block.Frames = frames;
        var input = block.Channels.Select(ch => ch.AsSpan(0, frames).ToArray()).ToArray();
        var settings = new DitherSettings(bits);

        new TpdfDither(settings, 44100, 2).Quantise(block);

        var scale = (double)(1L << (bits - 1));
        var seedState = settings.Seed;
        for (var c = 0; c < 2; c++)
        {
            var generator = new Xoshiro256StarStar(Xoshiro256StarStar.SplitMix64(ref seedState));
            for (var i = 0; i < frames; i++)
            {
                var draw = generator.NextUInt64();
                var tpdf = ((double)(uint)draw - (uint)(draw >> 32)) / 4294967296.0;
                var expected = (float)(Math.Clamp(Math.Floor(input[c][i] * scale + tpdf + 0.5), -scale, scale - 1) / scale);
                Assert.True(expected == block.Channels[c][i], $"{bits}-bit, channel {c}, sample {i}: {block.Channels[c][i]} instead of {expected}");
            }
        }
    }

    [Fact]
    public void Block_boundaries_do_not_change_the_bits()
    {
        var whole = DitherTestSignals.Sine(6000, 0.25);
        new TpdfDither(new DitherSettings(16, NoiseShaping.SecondOrderPsychoacoustic), 44100, 1).Quantise(whole);

        var source = DitherTestSignals.Sine(6000, 0.25);
        var dither = new TpdfDither(new DitherSettings(16, NoiseShaping.SecondOrderPsychoacoustic), 44100, 1);
        var piece = new AudioBlock(1, 1000);
        var pieces = new List<float>();
        for (var start = 0; start < 6000; start += 1000)
        {
            source.Channels[0].AsSpan(start, 1000).CopyTo(piece.Channels[0]);
            piece.Frames = 1000;
            pieces.AddRange(dither.Quantise(piece).Block.Channel(0).ToArray());
        }
        Assert.Equal(whole.Channel(0).ToArray(), pieces.ToArray());
    }

    [Fact]
    public void The_channels_get_independent_noise()
    {
        var block = new AudioBlock(2, 1 << 16) { Frames = 1 << 16 }; // identical (silent) channels
        new TpdfDither(new DitherSettings(16), 44100, 2).Quantise(block);
        double sumLr = 0, sumL = 0, sumR = 0;
        for (var i = 0; i < block.Frames; i++)
        {
            sumLr += (double)block.Channels[0][i] * block.Channels[1][i];
            sumL += (double)block.Channels[0][i] * block.Channels[0][i];
            sumR += (double)block.Channels[1][i] * block.Channels[1][i];
        }
        var correlation = sumLr / Math.Sqrt(sumL * sumR);
        // Independent noise: the sample correlation of 65536 pairs is within ±4/√N ≈ 0.016 of 0.
        Assert.InRange(correlation, -0.016, 0.016);
    }

    [Fact]
    public void A_clipped_passage_does_not_make_the_noise_shaping_run_away()
    {
        var block = new AudioBlock(1, 40000) { Frames = 40000 };
        for (var i = 0; i < 20000; i++) block.Channels[0][i] = i % 200 < 100 ? 1.5f : -1.5f; // hard-clipping square
        for (var i = 20000; i < 40000; i++) block.Channels[0][i] = (float)(0.1 * Math.Sin(2 * Math.PI * 997.0 * i / 44100));
        var original = DitherTestSignals.Copy(block, 0);
        new TpdfDither(new DitherSettings(16, NoiseShaping.SecondOrderPsychoacoustic), 44100, 1).Quantise(block);

        // After the clipped passage the error is back to what the shaped noise allows: |NTF| sums to at most
        // 1 + |h1| + |h2| < 4 times the largest per-sample error (1.5 LSB), so never beyond 6 LSB.
        var lsb = 1.0 / 32768;
        for (var i = 20100; i < 40000; i++)
            Assert.InRange(Math.Abs((double)block.Channels[0][i] - original[i]), 0, 6 * lsb);
    }
}
