using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Tests.Dsp.Resampling;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>Latency, transparency, attack shape and program-dependent release of the limiter.</summary>
public class TruePeakLimiterBehaviourTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const int RateHz = 48000;

    [Fact]
    public void Material_under_the_ceiling_passes_bit_exact_delayed_by_the_reported_latency()
    {
        var tone = SineMeasure.Sine(20000, 997, RateHz, 0.5); // −6 dBTP, under −1
        var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(), RateHz, 1);
        var block = new AudioBlock(1, tone.Length) { Frames = tone.Length };
        tone.CopyTo(block.Channels[0], 0);
        limiter.Process(block);

        var latency = limiter.LatencyFrames;
        for (var i = 0; i < latency; i++) Assert.Equal(0f, block.Channels[0][i]);
        for (var i = latency; i < tone.Length; i++) Assert.Equal(tone[i - latency], block.Channels[0][i]);
    }

    [Fact]
    public void The_latency_covers_the_lookahead_and_the_detector()
    {
        var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(LookaheadMs: 2), RateHz, 2);
        Assert.Equal(96, limiter.AttackFrames);
        Assert.True(limiter.LatencyFrames >= limiter.AttackFrames + TruePeakDetector.LatencyFrames);
    }

    [Fact]
    public void Gain_reduction_fades_in_as_a_ramp_over_the_lookahead_before_a_peak()
    {
        // A quiet DC pilot shows the gain; a loud burst starts at frame 10000.
        const float pilot = 0.01f;
        const int burstAt = 10000;
        var input = new float[20000];
        for (var i = 0; i < input.Length; i++) input[i] = pilot + (i >= burstAt && i < burstAt + 2000 ? 4f * (i % 2 == 0 ? 1 : -1) : 0f);
        var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(CeilingDbtp: -1), RateHz, 1);
        var output = LimiterHarness.Run(limiter, [input])[0];

        // Before the burst the output is pilot × gain: the gain must be down to the burst's level by the time
        // it arrives, and get there gradually - no step larger than the whole reduction spread over the ramp.
        var gains = Enumerable.Range(0, burstAt).Select(i => output[i] / pilot).ToArray();
        var deepest = gains.Min();
        var maxStep = 0.0;
        for (var i = 1; i < burstAt; i++) maxStep = Math.Max(maxStep, gains[i - 1] - gains[i]);
        Assert.True(deepest < 0.5, $"the gain was only down to {deepest:0.000} before the burst");
        Assert.True(maxStep <= (1 - deepest) / limiter.AttackFrames * 1.01 + 1e-6,
            $"a step of {maxStep:0.0000} in a ramp that should take {limiter.AttackFrames} frames");
        // Untouched before the ramp (ramp + the detector's interpolation reach).
        Assert.Equal(1.0, gains[burstAt - limiter.LatencyFrames - TruePeakDetector.LatencyFrames], 5);
    }

    [Fact]
    public void Release_lengthens_after_sustained_limiting()
    {
        var settings = new TruePeakLimiterSettings(CeilingDbtp: -1, ReleaseMs: 50, SustainedReleaseMs: 800);
        var afterTransientMs = RecoveryMs(settings, burstMs: 5);
        var afterSustainedMs = RecoveryMs(settings, burstMs: 3000);
        log.WriteLine($"recovery to -1 dB: {afterTransientMs:0.0} ms after a 5 ms burst, {afterSustainedMs:0.0} ms after 3 s of limiting");
        Assert.True(afterSustainedMs > 2 * afterTransientMs,
            $"recovery to −1 dB: {afterTransientMs:0} ms after a transient, {afterSustainedMs:0} ms after 3 s of limiting");
        // After a lone transient the fast stage governs: back within −1 dB in a few fast time constants.
        Assert.True(afterTransientMs < 5 * settings.ReleaseMs, $"{afterTransientMs:0} ms after a transient");
    }

    [Fact]
    public void The_gain_is_linked_across_channels_so_the_image_does_not_move()
    {
        var left = new float[10000];
        var right = new float[10000];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = (float)(3.0 * Math.Sin(2 * Math.PI * 440 * i / RateHz)); // way over
            right[i] = (float)(0.1 * Math.Sin(2 * Math.PI * 440 * i / RateHz)); // quiet
        }
        var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(), RateHz, 2);
        var output = LimiterHarness.Run(limiter, [left, right]);
        var compared = 0;
        for (var i = 0; i < left.Length; i++)
        {
            if (Math.Abs(right[i]) < 0.02) continue; // ratio of tiny numbers says nothing
            var leftGain = output[0][i] / left[i];
            var rightGain = output[1][i] / right[i];
            Assert.True(Math.Abs(leftGain - rightGain) < 1e-5, $"frame {i}: left gain {leftGain:0.00000}, right gain {rightGain:0.00000}");
            compared++;
        }
        Assert.True(compared > 5000);
        Assert.True(limiter.MaxGainReductionDb < -6); // the left channel really was limited
    }

    [Fact]
    public void Block_size_does_not_change_a_single_output_sample()
    {
        var audio = LimiterHarness.Gain(LimiterTestSignals.Drums(RateHz, 1, seed: 3), 15);
        var reference = Render(audio, audio[0].Length);
        Assert.Equal(reference[0], Render(audio, 100)[0]);
        Assert.Equal(reference[1], Render(audio, 4097)[1]);

        static float[][] Render(float[][] input, int blockFrames)
        {
            var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(), RateHz, 2);
            var output = input.Select(c => (float[])c.Clone()).ToArray();
            var block = new AudioBlock(2, blockFrames);
            for (var start = 0; start < output[0].Length; start += blockFrames)
            {
                block.Frames = Math.Min(blockFrames, output[0].Length - start);
                for (var c = 0; c < 2; c++) output[c].AsSpan(start, block.Frames).CopyTo(block.Channels[c]);
                limiter.Process(block);
                for (var c = 0; c < 2; c++) block.Channel(c).CopyTo(output[c].AsSpan(start));
            }
            return output;
        }
    }

    [Fact]
    public void Settings_out_of_range_are_refused_with_a_message_for_the_engineer()
    {
        var problems = new TruePeakLimiterSettings(CeilingDbtp: 1.5, LookaheadMs: 50).Validate();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("ceiling") && p.Contains("1.5"));
        Assert.Throws<ArgumentException>(() => new TruePeakLimiter(new TruePeakLimiterSettings(CeilingDbtp: 1.5), RateHz, 2));
    }

    /// <summary>Time from the end of a +12 dB burst until the gain on a quiet pilot is back above −1 dB.</summary>
    private static double RecoveryMs(TruePeakLimiterSettings settings, double burstMs)
    {
        const float pilot = 0.01f;
        const int burstAt = 4800;
        var burstFrames = (int)(burstMs * RateHz / 1000);
        var input = new float[burstAt + burstFrames + 3 * RateHz];
        for (var i = 0; i < input.Length; i++)
            input[i] = pilot + (i >= burstAt && i < burstAt + burstFrames ? (float)(3.5 * Math.Sin(2 * Math.PI * 1000 * i / RateHz)) : 0f);
        var output = LimiterHarness.Run(new TruePeakLimiter(settings, RateHz, 1), [input])[0];
        var threshold = pilot * Math.Pow(10, -1 / 20.0);
        var end = burstAt + burstFrames;
        for (var i = end; i < output.Length; i++)
            if (output[i] >= threshold) return (i - end) * 1000.0 / RateHz;
        return double.PositiveInfinity;
    }
}
