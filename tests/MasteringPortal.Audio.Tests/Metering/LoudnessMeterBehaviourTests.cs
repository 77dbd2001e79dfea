using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

public class LoudnessMeterBehaviourTests
{
    [Fact]
    public void Digital_silence_gives_no_loudness_rather_than_a_sentinel_number()
    {
        var meter = new ToneSequence(2).Silence(10).Measure(options: new LoudnessMeterOptions());
        Assert.Null(meter.IntegratedLufs);
        Assert.Null(meter.LoudnessRangeLu);
        Assert.Null(meter.MaxMomentaryLufs);
        Assert.Null(meter.MaxShortTermLufs);
        Assert.Equal(0, meter.SamplePeak);
        Assert.Equal(0, meter.TruePeak);
        Assert.Equal(double.NegativeInfinity, meter.SamplePeakDbfs);
        Assert.All(meter.MomentarySeries, m => Assert.Equal(float.NegativeInfinity, m));
        Assert.All(meter.ShortTermSeries, s => Assert.Equal(float.NegativeInfinity, s));
    }

    [Fact]
    public void Signal_below_the_absolute_gate_gives_no_integrated_loudness()
    {
        var meter = new ToneSequence(2).Add(10, -75).Measure();
        Assert.Null(meter.IntegratedLufs);
        Assert.NotNull(meter.MaxMomentaryLufs); // momentary is not gated
        Assert.Equal(-75.0, meter.MaxMomentaryLufs!.Value, 0.1);
    }

    [Fact]
    public void Programme_shorter_than_one_block_has_no_maxima()
    {
        var meter = new ToneSequence(2).Add(0.3, -23).Measure();
        Assert.Null(meter.IntegratedLufs);
        Assert.Null(meter.MaxMomentaryLufs);
        Assert.Null(meter.MaxShortTermLufs);
        Assert.Null(meter.LoudnessRangeLu);
        Assert.Equal(3, meter.MomentarySeries.Count);
    }

    [Fact]
    public void Series_has_one_value_per_100ms_and_silence_after_signal_reads_minus_infinity()
    {
        var meter = new ToneSequence(2).Add(5, -23).Silence(5).Measure(44100);
        Assert.Equal(100, meter.MomentarySeries.Count);
        Assert.Equal(100, meter.ShortTermSeries.Count);
        Assert.Equal(-23.0, meter.MomentarySeries[40], 0.1);
        Assert.Equal(float.NegativeInfinity, meter.MomentarySeries[^1]);
        Assert.Equal(float.NegativeInfinity, meter.ShortTermSeries[^1]);
    }

    [Fact]
    public void Series_can_be_switched_off()
    {
        var meter = new ToneSequence(2).Add(2, -23).Measure(options: new LoudnessMeterOptions(TruePeak: false, Series: false));
        Assert.Empty(meter.MomentarySeries);
        Assert.NotNull(meter.IntegratedLufs);
    }

    [Fact]
    public void LFE_channel_is_left_out_of_the_loudness()
    {
        // BS.1770-4 Annex 1, §2.3: only the LFE carries signal, so nothing is measured.
        var meter = new ToneSequence(6).Add(5, [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, -10, double.NegativeInfinity, double.NegativeInfinity]).Measure();
        Assert.Null(meter.IntegratedLufs);
    }

    [Fact]
    public void Surround_channel_weighs_plus_1_5_dB()
    {
        // BS.1770-4 Table 3: G = 1.41 for Ls, i.e. 10·log10(1.41) = +1.49 dB against the same tone in L.
        var left = new ToneSequence(6).Add(5, [-20, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity]).Measure().IntegratedLufs!.Value;
        var surround = new ToneSequence(6).Add(5, [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, -20, double.NegativeInfinity]).Measure().IntegratedLufs!.Value;
        Assert.Equal(10 * Math.Log10(1.41), surround - left, 0.01);
    }

    [Fact]
    public void Custom_layout_decides_the_weights()
    {
        var layout = new ChannelLayout([SpeakerPosition.LeftSurround, SpeakerPosition.RightSurround]);
        var asStereo = new ToneSequence(2).Add(5, -23).Measure().IntegratedLufs!.Value;
        var asSurrounds = new ToneSequence(2).Add(5, -23).Measure(options: new LoudnessMeterOptions(TruePeak: false, Layout: layout)).IntegratedLufs!.Value;
        Assert.Equal(10 * Math.Log10(1.41), asSurrounds - asStereo, 0.01);
    }

    [Fact]
    public void Mono_is_one_channel_at_weight_one()
    {
        // A −23 dBFS sine in a single channel carries half the energy of the same sine in both stereo channels.
        var mono = new ToneSequence(1).Add(5, -23).Measure().IntegratedLufs!.Value;
        Assert.Equal(-23.0 - 10 * Math.Log10(2), mono, 0.1);
    }

    [Fact]
    public void Peaks_are_reported_per_channel()
    {
        var meter = new ToneSequence(2, 997).Add(2, [-6, -12]).Measure(options: new LoudnessMeterOptions());
        Assert.Equal(-6.0, LoudnessMath.DecibelsFromLinear(meter.ChannelSamplePeak(0)), 0.05);
        Assert.Equal(-12.0, LoudnessMath.DecibelsFromLinear(meter.ChannelSamplePeak(1)), 0.05);
        Assert.Equal(-6.0, meter.TruePeakDbtp, 0.05);
        Assert.Equal(-12.0, LoudnessMath.DecibelsFromLinear(meter.ChannelTruePeak(1)), 0.05);
        Assert.Equal(meter.ChannelSamplePeak(0), meter.SamplePeak);
    }

    [Fact]
    public void Partial_frames_are_refused()
    {
        var meter = new LoudnessMeter(48000, 2);
        Assert.Throws<ArgumentException>(() => meter.AddFrames(new float[3]));
    }

    [Theory]
    [InlineData(7999)]
    [InlineData(384001)]
    public void Unsupported_sample_rates_are_refused(int sampleRateHz)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(sampleRateHz, 2));
        Assert.Contains("8 kHz to 384 kHz", e.Message);
    }

    [Fact]
    public void Feeding_audio_allocates_nothing_so_memory_stays_flat()
    {
        // Without the optional series, state is fixed-size: ten minutes of audio must not allocate at all.
        var meter = new LoudnessMeter(8000, 1, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var block = new float[800];
        for (var i = 0; i < block.Length; i++) block[i] = (float)(0.1 * Math.Sin(i * 0.3));
        for (var s = 0; s < 500; s++) meter.AddFrames(block); // let the JIT settle first
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var s = 0; s < 6000; s++) meter.AddFrames(block);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Even 4 bytes per 100 ms block would be 24 kB here; a few hundred bytes may come from the runtime itself.
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated while feeding");
        Assert.NotNull(meter.IntegratedLufs);
    }

    [Fact]
    public void Damaged_float_samples_do_not_poison_the_measurement()
    {
        var meter = new LoudnessMeter(48000, 2);
        var tone = new float[48000 * 2];
        for (var i = 0; i < tone.Length / 2; i++) tone[2 * i] = tone[2 * i + 1] = (float)(Math.Pow(10, -23 / 20.0) * Math.Sin(2 * Math.PI * 1000 * i / 48000));
        meter.AddFrames(tone);
        meter.AddFrames([float.NaN, float.PositiveInfinity]);
        for (var s = 0; s < 5; s++) meter.AddFrames(tone);
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, 0.1);
        Assert.True(double.IsFinite(meter.TruePeakDbtp));
        Assert.All(meter.MomentarySeries, m => Assert.False(float.IsNaN(m)));
    }
}
