using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

public class BiquadCascadePairTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    public void Two_channels_at_once_give_the_same_bits_as_each_channel_alone(int sections)
    {
        // ProcessPair runs the sections two or three per pass in vector lanes; each channel must come out exactly
        // as the scalar cascade makes it, block after block (the state carried across blocks included).
        const double rate = 44100;
        var random = new Random(sections);
        BiquadCoefficients[] Design() => Enumerable.Range(0, sections)
            .Select(_ => BiquadDesign.Bell(rate, 40 * Math.Pow(2, 9 * random.NextDouble()), 24 * random.NextDouble() - 12, 0.3 + 3 * random.NextDouble()))
            .ToArray();
        var leftDesign = Design();
        var rightDesign = Design(); // mid and side cascades differ: so may the two lanes
        BiquadCascade pairL = new(leftDesign), pairR = new(rightDesign), soloL = new(leftDesign), soloR = new(rightDesign);
        for (var block = 0; block < 6; block++)
        {
            var n = 1 + random.Next(3000);
            var l = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var r = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var expectedL = l.ToArray();
            var expectedR = r.ToArray();
            soloL.Process(expectedL);
            soloR.Process(expectedR);
            BiquadCascade.ProcessPair(pairL, pairR, l, r);
            Assert.Equal(expectedL, l);
            Assert.Equal(expectedR, r);
        }
    }
}
