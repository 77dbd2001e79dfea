using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

public class SampleRateTests
{
    // BS.1770-4 Annex 1: a 0 dBFS 997 Hz sine in one channel reads −3.01 LKFS; the same holds at any rate
    // because the K-weighting is derived per rate. Tolerance: Tech 3341's ±0.1 LU.
    [Theory]
    [InlineData(8000)]
    [InlineData(11025)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    [InlineData(192000)]
    [InlineData(384000)]
    public void Full_scale_997Hz_sine_in_one_channel_reads_minus_3_01_at_any_rate(int sampleRateHz)
    {
        var meter = new ToneSequence(1, 997).Add(5, 0).Measure(sampleRateHz);
        Assert.NotNull(meter.IntegratedLufs);
        Assert.Equal(-3.01, meter.IntegratedLufs!.Value, 0.1);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(44100)]
    [InlineData(96000)]
    [InlineData(192000)]
    [InlineData(384000)]
    public void Stereo_1kHz_tone_reads_the_same_as_at_48k(int sampleRateHz)
    {
        var at48k = new ToneSequence(2).Add(5, -23).Measure(48000).IntegratedLufs!.Value;
        var other = new ToneSequence(2).Add(5, -23).Measure(sampleRateHz).IntegratedLufs!.Value;
        Assert.Equal(at48k, other, 0.1);
        Assert.Equal(-23.0, other, 0.1);
    }
}
