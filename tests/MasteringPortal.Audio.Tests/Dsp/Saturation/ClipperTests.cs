using System.Numerics;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using MathNet.Numerics.IntegralTransforms;
using Xunit.Abstractions;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Saturation;

public class ClipperTests(ITestOutputHelper log)
{
    /// <summary>A clipper whose clip level is <paramref name="clipLevelDbfs"/> (the ceiling it is measured from, 0 dB above it).</summary>
    private static Clipper At(double clipLevelDbfs, double kneeDb, int channels = 1) =>
        new(new ClipperSettings { Mode = ClipperMode.Manual, ThresholdDb = 0, KneeDb = kneeDb }, clipLevelDbfs, channels);

    /// <summary>The curve as its documentation gives it, written out here in double (not the engine's code).</summary>
    private static double Curve(double x, double clipLevel, double kneeDb)
    {
        var k = clipLevel * Math.Pow(10, -kneeDb / 20);
        var w = clipLevel - k;
        var m = Math.Abs(x);
        if (m <= k) return x;
        return Math.Sign(x) * (w > 0 ? k + w * Math.Tanh((m - k) / w) : k);
    }

    private static double[] PowerSpectrum(ReadOnlySpan<float> oneSecond)
    {
        var bins = new Complex[oneSecond.Length];
        for (var i = 0; i < bins.Length; i++) bins[i] = oneSecond[i];
        Fourier.Forward(bins, FourierOptions.NoScaling);
        return bins.Take(bins.Length / 2).Select(b => Math.Pow(b.Magnitude * 2 / bins.Length, 2)).ToArray();
    }

    [Theory]
    [InlineData(2.0, 60)]
    [InlineData(0.0, 45)]
    public void A_15_kHz_sine_clipped_12_dB_deep_keeps_what_folds_back_far_under_the_tone(double kneeDb, double minimumDb)
    {
        // 12 dB past the clip level: a near-square wave, whose harmonics (45, 75, 105 kHz, ...) all lie above the
        // 22.05 kHz Nyquist, so every component of the output but 15 kHz and DC is an alias. The same clip at the
        // rate itself (no oversampling) folds them back only about 9 dB under the tone; the figures asked for here are
        // those of a clean mastering clipper: 60 dB with the knee (the Saturator's bar for a tone driven as hard),
        // 45 dB for the hard clip, whose harmonics fall off only as 1/n (the 47th lands back at 0.6 kHz at 16x).
        var clipper = At(-12, kneeDb);
        var output = Run(clipper, [Sine(15000, 1.0, SampleRateHz * 3 / 2)])[0];
        var power = PowerSpectrum(output.AsSpan(output.Length - SampleRateHz));
        var aliases = power.Where((_, hz) => hz >= 10 && hz != 15000).Sum();
        var belowDb = 10 * Math.Log10(power[15000] / aliases);

        var naive = Sine(15000, 1.0, SampleRateHz).Select(v => (float)Curve(v, Math.Pow(10, -12 / 20.0), kneeDb)).ToArray();
        var naivePower = PowerSpectrum(naive);
        var naiveDb = 10 * Math.Log10(naivePower[15000] / naivePower.Where((_, hz) => hz >= 10 && hz != 15000).Sum());
        log.WriteLine($"knee {kneeDb} dB: aliases {belowDb:F1} dB under the tone (clipped without oversampling: {naiveDb:F1} dB)");
        Assert.True(belowDb >= minimumDb, $"aliases only {belowDb:F1} dB under the tone");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.0)]
    public void A_slow_sine_follows_the_transfer_curve(double kneeDb)
    {
        // 100 Hz: the curve's harmonics that matter lie far below Nyquist, so the oversampled clipper's output is the
        // curve applied to the input, delayed by the latency, within the filters' ripple and the band-limiting of the
        // hard clip's corner (a few tenths of a percent of full scale).
        const double clipLevelDbfs = -6;
        var clipLevel = Math.Pow(10, clipLevelDbfs / 20);
        var clipper = At(clipLevelDbfs, kneeDb);
        var input = Sine(100, 2 * clipLevel, SampleRateHz / 2);
        var output = Run(clipper, [input])[0];
        var latency = clipper.LatencyFrames;
        double worstInKnee = 0, worstBelow = 0, highest = 0;
        var kneeStart = clipLevel * Math.Pow(10, -kneeDb / 20);
        for (var n = 4096; n + latency < input.Length; n++)
        {
            var expected = Curve(input[n], clipLevel, kneeDb);
            var error = Math.Abs(output[n + latency] - expected);
            if (Math.Abs(input[n]) < 0.9 * kneeStart) worstBelow = Math.Max(worstBelow, error);
            else worstInKnee = Math.Max(worstInKnee, error);
            highest = Math.Max(highest, Math.Abs(output[n + latency]));
        }
        log.WriteLine($"knee {kneeDb} dB: error below the knee {worstBelow:E2}, in and above it {worstInKnee:E2}, highest {20 * Math.Log10(highest / clipLevel):F3} dB re the clip level");
        Assert.True(worstBelow < 1e-4, $"below the knee the output is off the straight line by {worstBelow:E2}");
        Assert.True(worstInKnee < (kneeDb > 0 ? 2e-3 : 1e-2) * clipLevel, $"in the knee the output is off the curve by {worstInKnee:E2}");
        Assert.True(highest <= clipLevel * Math.Pow(10, 0.1 / 20), "a slow sine comes out more than 0.1 dB over the clip level");
    }

    [Fact]
    public void A_1_kHz_sine_clipped_6_dB_deep_has_the_THD_its_Fourier_series_gives()
    {
        // A sine of amplitude 1 hard-clipped at 0.5 (6 dB deep). Its harmonics' amplitudes come from the Fourier
        // series of the clipped waveform, integrated here over one period; those below 20 kHz (the 3rd to the 19th)
        // are what the oversampled clipper can let through. Its THD, and what the render's distortion meter reads
        // against the gain-only sine, must agree with that within 0.2 dB.
        const int rate = 48000;
        var clipper = new Clipper(new ClipperSettings { Mode = ClipperMode.Manual, ThresholdDb = 0, KneeDb = 0 }, 20 * Math.Log10(0.5), 1);
        var input = new float[rate * 2];
        for (var i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(2 * Math.PI * 1000 * i / rate);
        var output = Run(clipper, [input])[0];

        var expectedDb = ClippedSine.ThdDb(0.5, 19);

        var latency = clipper.LatencyFrames;
        var aligned = output.AsSpan(latency + rate / 2, rate).ToArray();
        var measuredHarmonics = Enumerable.Range(1, 19).Select(k => Magnitude(aligned, 1000 * k, rate)).ToArray();
        var fftDb = 20 * Math.Log10(Math.Sqrt(measuredHarmonics.Skip(1).Sum(h => h * h)) / measuredHarmonics[0]);

        var meter = new AddedDistortionMeter(rate, 1);
        var reference = new[] { input.AsSpan(rate / 2, rate).ToArray() };
        var block = new AudioBlock(1, rate) { Frames = rate };
        aligned.CopyTo(block.Channels[0]);
        meter.Add(reference, 0, block);
        var meterDb = meter.Result()!.Value.ThdPlusNoiseDb;
        log.WriteLine($"THD from the Fourier series {expectedDb:F2} dB, from the clipper's harmonics {fftDb:F2} dB, from the render's meter {meterDb:F2} dB");
        Assert.InRange(fftDb, expectedDb - 0.2, expectedDb + 0.2);
        Assert.InRange(meterDb, expectedDb - 0.2, expectedDb + 0.2);
    }

    [Fact]
    public void Under_the_knee_the_signal_passes_bit_for_bit_delayed_and_the_clipper_says_it_was_not_used()
    {
        // White noise up to Nyquist: only what the curve changes goes through the oversampling filters.
        var clipper = At(-1, 2, channels: 2);
        float[][] input = [Noise(44100, 0.3, 5), Noise(44100, 0.3, 6)];
        var output = Run(clipper, input);
        var latency = clipper.LatencyFrames;
        for (var c = 0; c < 2; c++)
            Assert.Equal(input[c].AsSpan(0, input[c].Length - latency).ToArray(), output[c].AsSpan(latency).ToArray());
        Assert.False(clipper.Engaged);
        Assert.Equal(0, clipper.MaxOverClipLevelDb);
    }
}
