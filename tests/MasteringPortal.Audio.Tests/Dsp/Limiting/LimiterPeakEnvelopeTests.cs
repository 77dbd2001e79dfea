using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

public class LimiterPeakEnvelopeTests
{
    /// <summary>
    /// The limiter's envelope reads at least what the meter reads wherever that is above the threshold (it adds the
    /// BS.1770 filter's reading, and near Nyquist a long interpolator's, on top), and the shortcut only changes what the
    /// limiter cannot see: wherever the limiter's envelope reads at or below the threshold, so does the meter's (float
    /// rounding aside: one part in 10⁵).
    /// </summary>
    [Theory]
    [InlineData(1.0)]   // mostly under the threshold: the shortcut taken often
    [InlineData(1.8)]   // often over it: interpolated almost everywhere
    public void Above_the_threshold_the_envelope_covers_the_meters_true_peak_and_below_it_stays_below(double amplitude)
    {
        const double threshold = 0.891;
        var random = new Random(7);
        const int frames = 200_000;
        var input = new float[frames];
        for (var block = 0; block < frames / 1000; block++)
        {
            // Noise bursts with a level that swings, plus a tone near 0.4·fs where inter-sample peaks are largest.
            var level = amplitude * (0.2 + 0.8 * random.NextDouble());
            for (var i = block * 1000; i < (block + 1) * 1000; i++)
                input[i] = (float)(level * (0.7 * (2 * random.NextDouble() - 1) + 0.3 * Math.Sin(2 * Math.PI * 0.4 * i)));
        }
        var expected = Envelope(new TruePeakDetector().Process, input, TruePeakDetector.LatencyFrames);
        var actual = Envelope(new LimiterPeakEnvelope(threshold).Process, input, LimiterPeakEnvelope.LatencyFrames);

        int over = 0, under = 0;
        for (var i = 0; i < frames; i++)
        {
            if (expected[i] > threshold * (1 + 1e-5))
            {
                over++;
                Assert.True(actual[i] >= expected[i] * (1 - 1e-5), $"sample {i}: meter {expected[i]}, limiter {actual[i]}");
            }
            if (actual[i] <= threshold)
            {
                under++;
                Assert.True(expected[i] <= threshold * (1 + 1e-5), $"sample {i}: {expected[i]} over the threshold, envelope {actual[i]}");
            }
        }
        Assert.True(over > 0 && under > 0, $"{over} samples over, {under} under: the signal must test both sides");
    }

    /// <summary>
    /// Tone bursts close to Nyquist, switched on abruptly: an ideal interpolation rises far above the samples at their
    /// edges, where the meter's short interpolator reads them up to 2 dB low (and at 0.46·fs a little high). The limiter's
    /// envelope never reads them more than 0.05 dB below the ideal interpolation (the long interpolator reads them),
    /// nor more than the meter's own over-reading above it.
    /// </summary>
    [Theory]
    [InlineData(0.46)]
    [InlineData(0.48)]
    [InlineData(0.495)]
    public void Near_Nyquist_the_envelope_reads_an_abrupt_burst_as_an_ideal_interpolation_does(double fractionOfRate)
    {
        var burst = new float[4000];
        for (var i = 1000; i < 1400; i++) burst[i] = (float)(0.5 * Math.Sin(2 * Math.PI * fractionOfRate * i + 0.7));
        var ideal = IdealTruePeakReference.Peak(burst);
        var meter = Envelope(new TruePeakDetector().Process, burst, TruePeakDetector.LatencyFrames).Max();
        var limiterEnvelope = new LimiterPeakEnvelope(0.1);
        var reading = Envelope(limiterEnvelope.Process, burst, LimiterPeakEnvelope.LatencyFrames).Max();

        Assert.True(20 * Math.Log10(reading / ideal) >= -0.05, $"envelope {20 * Math.Log10(reading / ideal):F3} dB against the ideal interpolation");
        Assert.True(reading <= Math.Max(meter, ideal) * 1.005, $"envelope {20 * Math.Log10(reading / ideal):F3} dB, meter {20 * Math.Log10(meter / ideal):F3} dB against the ideal interpolation");
        Assert.True(limiterEnvelope.LongShare > 0, "the long interpolator must read the burst");
        Assert.True(20 * Math.Log10(meter / ideal) < -0.3 || fractionOfRate < 0.47, $"the meter alone reads {20 * Math.Log10(meter / ideal):F3} dB: the case would not test anything");
    }

    /// <summary>Content up to 0.40·fs, however loud, never costs the long interpolator (faded in and out: an abrupt start has content up to Nyquist).</summary>
    [Fact]
    public void Below_the_top_few_percent_the_long_interpolator_is_never_used()
    {
        var tones = new float[48000];
        for (var i = 0; i < tones.Length; i++)
        {
            var fade = Math.Min(1, Math.Min(i, tones.Length - 1 - i) / 2000.0);
            var tone = 0.6 * Math.Sin(2 * Math.PI * 0.013 * i) + 0.3 * Math.Sin(2 * Math.PI * 0.21 * i + 1) + 0.3 * Math.Sin(2 * Math.PI * 0.40 * i + 2);
            tones[i] = (float)(tone * (0.5 - 0.5 * Math.Cos(Math.PI * fade)));
        }
        var envelope = new LimiterPeakEnvelope(0.5);
        Envelope(envelope.Process, tones, LimiterPeakEnvelope.LatencyFrames);
        Assert.Equal(0, envelope.LongShare);
    }

    private delegate void EnvelopeProcess(ReadOnlySpan<float> input, Span<float> envelope);

    /// <summary>Runs a detector in 1000-sample blocks (then silence) and returns its envelope with the latency removed.</summary>
    private static float[] Envelope(EnvelopeProcess process, float[] input, int latency)
    {
        var padded = new float[input.Length + latency + 1000];
        input.CopyTo(padded, 0);
        var envelope = new float[padded.Length];
        for (var i = 0; i < padded.Length; i += 1000)
        {
            var n = Math.Min(1000, padded.Length - i);
            process(padded.AsSpan(i, n), envelope.AsSpan(i, n));
        }
        return envelope.AsSpan(latency, input.Length).ToArray();
    }
}
