using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Tests.Analysis;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// The meter's optional mono fold-down: (L+R)/2 measured from the two K-weighted channels inside the main pass
/// instead of a second meter on the summed signal. K-weighting is linear, so both must agree.
/// </summary>
public class MonoFoldDownTests
{
    private const int Rate = 48000;

    /// <summary>Two histograms of 0.01 LU bins (Metering/LoudnessHistogram) may each round a gate decision once.</summary>
    private const double HistogramResolutionLu = 0.02;

    [Fact]
    public void Fold_down_reads_what_a_separate_meter_on_the_summed_signal_reads_with_gating_at_work()
    {
        // Unrelated noise in each channel, loud for 6 s then 20 dB down for 6 s: the relative gate (-10 LU)
        // drops the quiet half, so the fold-down's own gating is exercised, not only its energy sums.
        var left = Signals.Concat(Signals.WhiteNoise(0.2, Rate * 6, seed: 3), Signals.WhiteNoise(0.02, Rate * 6, seed: 4));
        var right = Signals.Concat(Signals.WhiteNoise(0.1, Rate * 6, seed: 5), Signals.WhiteNoise(0.01, Rate * 6, seed: 6));
        var mid = left.Zip(right, (l, r) => (l + r) / 2).ToArray();

        var stereo = new LoudnessMeter(Rate, 2, new LoudnessMeterOptions(MonoFoldDown: true));
        stereo.AddFrames(Interleave(left, right));
        var mono = new LoudnessMeter(Rate, 1, new LoudnessMeterOptions(TruePeak: false, Series: false, ChannelLayout.Mono));
        mono.AddFrames(mid);

        Assert.NotNull(mono.IntegratedLufs);
        Assert.Equal(mono.IntegratedLufs!.Value, stereo.MonoFoldDownIntegratedLufs!.Value, HistogramResolutionLu);
        // The stereo reading itself is untouched by the option.
        var plain = new LoudnessMeter(Rate, 2);
        plain.AddFrames(Interleave(left, right));
        Assert.Equal(plain.IntegratedLufs, stereo.IntegratedLufs);
    }

    [Fact]
    public void A_1_kHz_sine_in_both_channels_folds_down_to_the_BS1770_reading_of_that_sine_in_one_channel()
    {
        // BS.1770-4: a 0 dBFS 1 kHz sine in one channel reads -3.01 LKFS; at 0.1 (-20 dBFS) that is -23.01.
        // (L+R)/2 of two identical 0.1 sines is that sine. Tolerance: EBU Tech 3341's ±0.1 LU.
        var sine = Signals.Sine(1000, 0.1, Rate, 5);
        var meter = new LoudnessMeter(Rate, 2, new LoudnessMeterOptions(MonoFoldDown: true));
        meter.AddFrames(Interleave(sine, sine));
        Assert.Equal(-23.01, meter.MonoFoldDownIntegratedLufs!.Value, 0.1);
    }

    [Fact]
    public void Opposite_channels_cancel_to_no_loudness()
    {
        var noise = Signals.WhiteNoise(0.1, Rate * 3);
        var meter = new LoudnessMeter(Rate, 2, new LoudnessMeterOptions(MonoFoldDown: true));
        meter.AddFrames(Interleave(noise, noise.Select(x => -x).ToArray()));
        Assert.NotNull(meter.IntegratedLufs);
        Assert.Null(meter.MonoFoldDownIntegratedLufs);
    }

    [Fact]
    public void Off_by_default_and_refused_without_a_left_and_right_channel()
    {
        Assert.Null(new LoudnessMeter(Rate, 2).MonoFoldDownIntegratedLufs);
        Assert.Throws<ArgumentException>(() => new LoudnessMeter(Rate, 1, new LoudnessMeterOptions(MonoFoldDown: true)));
    }

    private static float[] Interleave(float[] left, float[] right)
    {
        var result = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++) { result[2 * i] = left[i]; result[2 * i + 1] = right[i]; }
        return result;
    }
}
