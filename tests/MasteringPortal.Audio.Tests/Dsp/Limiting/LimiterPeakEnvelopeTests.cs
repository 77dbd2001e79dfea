using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

public class LimiterPeakEnvelopeTests
{
    /// <summary>
    /// The limiter's envelope reads at least what the meter reads wherever that is above the threshold (it adds the
    /// BS.1770 filter's reading on top), and the shortcut only changes what the limiter cannot see: wherever the
    /// limiter's envelope reads at or below the threshold, so does the meter's (float rounding aside: one part in 10⁵).
    /// </summary>
    [Theory]
    [InlineData(1.0)]   // mostly under the threshold: the shortcut taken often
    [InlineData(1.8)]   // often over it: interpolated almost everywhere
    public void Above_the_threshold_the_envelope_covers_the_meters_true_peak_and_below_it_stays_below(double amplitude)
    {
        const double threshold = 0.891;
        var detector = new TruePeakDetector();
        var envelope = new LimiterPeakEnvelope(threshold);
        var random = new Random(7);
        var input = new float[1000];
        var expected = new float[input.Length];
        var actual = new float[input.Length];
        int over = 0, under = 0;
        for (var block = 0; block < 200; block++)
        {
            // Noise bursts with a level that swings, plus a tone near 0.4·fs where inter-sample peaks are largest.
            var level = amplitude * (0.2 + 0.8 * random.NextDouble());
            for (var i = 0; i < input.Length; i++)
                input[i] = (float)(level * (0.7 * (2 * random.NextDouble() - 1) + 0.3 * Math.Sin(2 * Math.PI * 0.4 * (block * input.Length + i))));
            detector.Process(input, expected);
            envelope.Process(input, actual);
            for (var i = 0; i < input.Length; i++)
            {
                if (expected[i] > threshold * (1 + 1e-5))
                {
                    over++;
                    Assert.True(actual[i] >= expected[i] * (1 - 1e-5), $"block {block}, sample {i}: meter {expected[i]}, limiter {actual[i]}");
                }
                if (actual[i] <= threshold)
                {
                    under++;
                    Assert.True(expected[i] <= threshold * (1 + 1e-5), $"block {block}, sample {i}: {expected[i]} over the threshold, envelope {actual[i]}");
                }
            }
        }
        Assert.True(over > 0 && under > 0, $"{over} samples over, {under} under: the signal must test both sides");
    }
}
