using MasteringPortal.Audio.Analysis;
using MathNet.Numerics.IntegralTransforms;

namespace MasteringPortal.Audio.Tests.Analysis;

public class Radix2FftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(16384)]
    [InlineData(32768)]
    public void Matches_MathNet_forward_transform(int length) => AssertMatchesMathNet(length, allowVectors: true);

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(2048)]
    public void Matches_MathNet_without_vectors_as_on_a_processor_without_AVX(int length) => AssertMatchesMathNet(length, allowVectors: false);

    private static void AssertMatchesMathNet(int length, bool allowVectors)
    {
        var random = new Random(length);
        var re = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var im = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var reference = re.Zip(im, (r, i) => new System.Numerics.Complex(r, i)).ToArray();
        Fourier.Forward(reference, FourierOptions.NoScaling);

        new Radix2Fft(length, allowVectors).Forward(re, im);

        // Float arithmetic over log2(N) stages: relative error ~ 1e-7 · log2(N) of the spectrum's RMS (≈ √N).
        var tolerance = 1e-5 * Math.Sqrt(length) * Math.Log2(length);
        for (var k = 0; k < length; k++)
        {
            Assert.Equal(reference[k].Real, re[k], tolerance);
            Assert.Equal(reference[k].Imaginary, im[k], tolerance);
        }
    }
}

public class MidSideFramePowersTests
{
    [Theory]
    [InlineData(8, true)]
    [InlineData(16384, true)]
    [InlineData(16384, false)]
    [InlineData(32768, true)]
    public void Every_bins_power_at_once_is_bit_for_bit_the_power_of_each_bin(int length, bool hasSide)
    {
        var random = new Random(length);
        var frame = new MidSideFrame(length, hasSide);
        var mid = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var side = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        frame.Fill(mid, side, 0);
        frame.Transform();

        var (midPower, sidePower) = (new double[length / 2 + 1], new double[length / 2 + 1]);
        frame.Powers(midPower, sidePower);

        for (var k = 0; k <= length / 2; k++)
        {
            var (m, s) = frame.PowerAt(k);
            Assert.Equal(BitConverter.DoubleToInt64Bits(m), BitConverter.DoubleToInt64Bits(midPower[k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(s), BitConverter.DoubleToInt64Bits(sidePower[k]));
        }
        if (!hasSide) Assert.All(sidePower, p => Assert.Equal(0, p, 1e-9 * midPower.Max()));
    }
}
