using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

public class KWeightingTests
{
    [Fact]
    public void Derived_pre_filter_at_48k_matches_BS1770_table_1()
    {
        var c = KWeighting.PreFilter(48000);
        Assert.Equal(1.53512485958697, c.B0, 1e-9);
        Assert.Equal(-2.69169618940638, c.B1, 1e-9);
        Assert.Equal(1.19839281085285, c.B2, 1e-9);
        Assert.Equal(-1.69065929318241, c.A1, 1e-9);
        Assert.Equal(0.73248077421585, c.A2, 1e-9);
    }

    [Fact]
    public void Derived_RLB_high_pass_at_48k_matches_BS1770_table_2()
    {
        var c = KWeighting.RlbHighPass(48000);
        Assert.Equal(1.0, c.B0);
        Assert.Equal(-2.0, c.B1);
        Assert.Equal(1.0, c.B2);
        Assert.Equal(-1.99004745483398, c.A1, 1e-9);
        Assert.Equal(0.99007225036621, c.A2, 1e-9);
    }

    // The reference curve is the 48 kHz filter of BS.1770-4 Tables 1 and 2; other rates must follow it
    // within 0.1 dB (the Tech 3341 loudness tolerance) across the band they can carry.
    [Theory]
    [InlineData(44100)]
    [InlineData(88200)]
    [InlineData(96000)]
    [InlineData(192000)]
    [InlineData(384000)]
    public void Response_at_other_rates_follows_the_48k_curve(int sampleRateHz)
    {
        var reference48k = (
            Shelf: new BiquadCoefficients(1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585),
            HighPass: new BiquadCoefficients(1, -2, 1, -1.99004745483398, 0.99007225036621));
        double[] frequenciesHz = [20, 31.5, 50, 100, 200, 500, 997, 1000, 2000, 4000, 8000, 12000, 16000];
        foreach (var f in frequenciesHz)
        {
            var expected = reference48k.Shelf.MagnitudeDb(f, 48000) + reference48k.HighPass.MagnitudeDb(f, 48000);
            Assert.True(Math.Abs(KWeighting.MagnitudeDb(f, sampleRateHz) - expected) <= 0.1,
                $"{f} Hz at {sampleRateHz} Hz: {KWeighting.MagnitudeDb(f, sampleRateHz):F3} dB, 48 kHz curve {expected:F3} dB");
        }
    }

    [Fact]
    public void Curve_has_the_published_shape()
    {
        // BS.1770-4 Annex 1 Figs. 1 and 2: about +4 dB shelf at high frequencies, about 0 dB in the
        // midrange (+0.69 dB at 997 Hz, which the −0.691 constant removes), second-order cut below 40 Hz.
        Assert.Equal(0.691, KWeighting.MagnitudeDb(997, 48000), 0.01);
        Assert.InRange(KWeighting.MagnitudeDb(10000, 48000), 3.9, 4.1);
        Assert.True(KWeighting.MagnitudeDb(20, 48000) < -10);
    }
}
