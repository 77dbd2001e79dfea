using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Tests.Dsp;

public class StereoInterleavingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(23)]
    [InlineData(1000)]
    public void Split_and_join_move_every_sample_to_its_place(int frames)
    {
        var random = new Random(frames);
        var interleaved = Enumerable.Range(0, 2 * frames + 5).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        foreach (var vectors in new[] { true, false })
        {
            var left = new float[frames];
            var right = new float[frames];
            StereoInterleaving.Split(interleaved, left, right, vectors);
            for (var i = 0; i < frames; i++)
            {
                Assert.Equal(interleaved[2 * i], left[i]);
                Assert.Equal(interleaved[2 * i + 1], right[i]);
            }
            // Joined back: the same samples, and nothing written past the frames.
            var joined = Enumerable.Repeat(42f, 2 * frames + 5).ToArray();
            StereoInterleaving.Join(left, right, joined, vectors);
            Assert.Equal(interleaved.AsSpan(0, 2 * frames).ToArray(), joined.AsSpan(0, 2 * frames).ToArray());
            Assert.All(joined.AsSpan(2 * frames).ToArray(), v => Assert.Equal(42f, v));
        }
    }

    [Fact]
    public void Short_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => StereoInterleaving.Split(new float[15], new float[8], new float[8]));
        Assert.Throws<ArgumentException>(() => StereoInterleaving.Join(new float[8], new float[7], new float[16]));
    }
}
