using MasteringPortal.Audio.Dsp.Dynamics;

namespace MasteringPortal.Audio.Tests.Dsp.Dynamics;

/// <summary>
/// The compressor's peak hold and the limiter's hold: each output is the largest of its value and the window − 1 before
/// it (zeros before the first), exactly, whatever the window and however the stream is cut into blocks.
/// </summary>
public sealed class SlidingPeakTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(441)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void Every_output_is_the_largest_value_of_its_window_exactly(int window)
    {
        var random = new Random(window);
        var values = new double[20_000];
        for (var i = 0; i < values.Length; i++)
            values[i] = random.Next(8) == 0 ? random.NextDouble() * 4 : random.NextDouble() * random.NextDouble(); // a few peaks

        var peak = new SlidingPeak(window);
        var output = new double[values.Length];
        // Blocks of uneven length, from 1 frame to more than the window, as a render's reads can give them.
        for (int start = 0, b = 0; start < values.Length; b++)
        {
            var n = Math.Min(values.Length - start, b % 5 == 0 ? 1 : random.Next(1, 3 * window + 50));
            peak.Process(values.AsSpan(start, n), output.AsSpan(start, n));
            start += n;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var expected = 0.0;
            for (var j = Math.Max(0, i - window + 1); j <= i; j++) expected = Math.Max(expected, values[j]);
            Assert.True(expected == output[i], $"window {window}, output {i}: {output[i]} instead of {expected}");
        }
    }

    [Fact]
    public void Reset_forgets_the_values_held()
    {
        var peak = new SlidingPeak(100);
        var output = new double[10];
        peak.Process([5, 4, 3], output.AsSpan(0, 3));
        peak.Reset();
        peak.Process([1, 0.5], output.AsSpan(0, 2));
        Assert.Equal([1, 1], output[..2]);
    }
}
