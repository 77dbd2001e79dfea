using System.Text.Json;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

/// <summary>The settings document stores these records as JSON: they must survive a round trip.</summary>
public class SettingsJsonTests
{
    private static void AssertRoundTrips<T>(T settings)
    {
        var json = JsonSerializer.Serialize(settings);
        var again = JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(json));
        Assert.Equal(json, again);
    }

    [Fact]
    public void Processor_settings_round_trip_through_System_Text_Json()
    {
        AssertRoundTrips(new ParametricEqSettings
        {
            Mode = EqChannelMode.MidSide,
            Bands = [new EqBand { Shape = EqBandShape.LowShelf, FrequencyHz = 90, GainDb = 1.5, Q = 0.6 }],
            SideBands = [new EqBand { Shape = EqBandShape.HighPass, FrequencyHz = 120, SlopeDbPerOct = 24 }],
        });
        AssertRoundTrips(new PassFilterSettings { FrequencyHz = 18000, SlopeDbPerOct = 48 });
        AssertRoundTrips(new MultibandCompressorSettings
        {
            CrossoverFrequenciesHz = [100, 900, 7000],
            Bands = [new(), new() { Ratio = 3 }, new() { SidechainHighPassHz = 60 }, new() { MakeupGainDb = 1 }],
        });
        AssertRoundTrips(new StereoImagerSettings { CrossoverFrequenciesHz = [250], Widths = [0.5, 1.2], MonoBelowHz = 100 });
        AssertRoundTrips(new SaturationSettings { Curve = SaturationCurve.Tape, DriveDb = 4, MixPercent = 30 });
    }

    [Fact]
    public void Enums_are_written_as_names()
    {
        var json = JsonSerializer.Serialize(new EqBand { Shape = EqBandShape.HighShelf });
        Assert.Contains("\"HighShelf\"", json);
    }
}
