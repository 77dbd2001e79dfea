using MasteringPortal.Audio.Analysis;
using MathNet.Numerics.IntegralTransforms;

namespace MasteringPortal.Audio.Tests.Analysis;

public class Radix2FftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(1024)]
    [InlineData(16384)]
    public void Matches_MathNet_forward_transform(int length)
    {
        var random = new Random(length);
        var re = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var im = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var reference = re.Zip(im, (r, i) => new System.Numerics.Complex(r, i)).ToArray();
        Fourier.Forward(reference, FourierOptions.NoScaling);

        new Radix2Fft(length).Forward(re, im);

        // Float arithmetic over log2(N) stages: relative error ~ 1e-7 · log2(N) of the spectrum's RMS (≈ √N).
        var tolerance = 1e-5 * Math.Sqrt(length) * Math.Log2(length);
        for (var k = 0; k < length; k++)
        {
            Assert.Equal(reference[k].Real, re[k], tolerance);
            Assert.Equal(reference[k].Imaginary, im[k], tolerance);
        }
    }
}
