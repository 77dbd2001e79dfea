using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>The AIFF 80-bit sample-rate field, against the byte patterns real AIFF files carry.</summary>
public sealed class Extended80Tests
{
    [Theory]
    [InlineData(8000, "400BFA00000000000000")]
    [InlineData(22050, "400DAC44000000000000")]
    [InlineData(44100, "400EAC44000000000000")]
    [InlineData(48000, "400EBB80000000000000")]
    [InlineData(96000, "400FBB80000000000000")]
    [InlineData(192000, "4010BB80000000000000")]
    public void Common_rates_encode_to_their_well_known_bytes(int rateHz, string hex)
    {
        var bytes = new byte[10];
        Extended80.Write(rateHz, bytes);
        Assert.Equal(hex, Convert.ToHexString(bytes));
        Assert.Equal(rateHz, Extended80.Read(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData(1000)] [InlineData(11025)] [InlineData(16000)] [InlineData(24000)] [InlineData(32000)]
    [InlineData(37800)] [InlineData(44056)] [InlineData(47952)] [InlineData(88200)] [InlineData(176400)]
    [InlineData(352800)] [InlineData(384000)] [InlineData(705600)] [InlineData(768000)] [InlineData(22254.545454545454)]
    public void Rates_round_trip_exactly(double rateHz)
    {
        var bytes = new byte[10];
        Extended80.Write(rateHz, bytes);
        Assert.Equal(rateHz, Extended80.Read(bytes));
    }

    [Fact]
    public void Infinity_and_nan_patterns_read_as_nan()
    {
        Assert.True(double.IsNaN(Extended80.Read([0x7F, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0])));
        Assert.True(double.IsNaN(Extended80.Read([0x7F, 0xFF, 0xC0, 0, 0, 0, 0, 0, 0, 1])));
        Assert.Equal(0.0, Extended80.Read(new byte[10]));
    }
}
