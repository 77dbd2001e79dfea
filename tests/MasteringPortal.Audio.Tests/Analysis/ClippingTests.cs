using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class ClippingTests
{
    private const int Rate = 48000;

    [Fact]
    public void Clipped_sine_is_a_problem_located_at_the_first_clipped_sample()
    {
        // 1.25 s clean at -6 dBFS, then 1 s of a 100 Hz sine at amplitude 2 clipped to ±1.
        // 2·sin(θ) reaches 1 at θ = 30°: sample 40 of the 480-sample period, so the first run starts at
        // 1.25 s + 40/48000 s and lasts from 30° to 150° (161 samples at full scale); 100 periods give 200 runs.
        var clean = Signals.Sine(100, 0.5, Rate, 1.25);
        var hot = Signals.Sine(100, 2.0, Rate, 1.0).Select(x => Math.Clamp(x, -1f, 1f)).ToArray();
        var signal = Signals.Concat(clean, hot, Signals.Silence(Rate, 0.5));
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(signal, Rate));

        var check = a.Checks.Single(c => c.Id == "clipping");
        Assert.Equal(CheckStatus.Problem, check.Status);
        Assert.Contains("0:01.3", check.Message); // 1.2508 s, written m:ss.s
        Assert.Equal(200, a.Clipping.EventCount);
        Assert.Equal(ClippingDetector.MaximumStoredEvents, a.Clipping.Events.Count);
        var first = a.Clipping.Events[0];
        Assert.Equal(1.25 + 40.0 / Rate, first.StartSeconds, 1.0 / Rate);
        Assert.InRange(first.LengthSamples, 160, 162);
    }

    [Fact]
    public void Clipping_in_the_right_channel_is_reported_on_channel_1()
    {
        var left = Signals.Sine(100, 0.5, Rate, 1);
        var right = Signals.Sine(100, 2.0, Rate, 1).Select(x => Math.Clamp(x, -1f, 1f)).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate));
        Assert.All(a.Clipping.Events, e => Assert.Equal(1, e.Channel));
        Assert.Equal(200, a.Clipping.EventCount);
    }

    [Fact]
    public void Single_samples_touching_full_scale_are_not_clipping()
    {
        // fs/4 at phase 90°: one sample per half period sits exactly at ±1.0, its neighbours at 0.
        var sine = Signals.Sine(Rate / 4.0, 1.0, Rate, 1, Math.PI / 2);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(sine, Rate));
        Assert.Equal(0, a.Clipping.EventCount);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "clipping").Status);
    }

    [Fact]
    public void A_run_split_across_read_blocks_is_counted_once()
    {
        var signal = Signals.Concat(Signals.Silence(Rate, 0.1), Enumerable.Repeat(1f, 10).ToArray(), Signals.Silence(Rate, 0.1));
        var source = new ArrayAudioSource(signal, new AudioFormat(Rate, 1, 24, SampleEncoding.Pcm, "wav"), maxFramesPerRead: 4803);
        var a = PeakAndHeadroomTests.Analyze(source);
        Assert.Equal(1, a.Clipping.EventCount);
        Assert.Equal(10, a.Clipping.Events[0].LengthSamples);
        Assert.Equal(0.1, a.Clipping.Events[0].StartSeconds, 1.0 / Rate);
    }
}
