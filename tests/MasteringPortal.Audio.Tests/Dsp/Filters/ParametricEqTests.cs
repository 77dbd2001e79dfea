using MasteringPortal.Audio.Dsp.Filters;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

public class ParametricEqTests
{
    internal static readonly EqBand[] MasteringCurve =
    [
        new() { Shape = EqBandShape.HighPass, FrequencyHz = 25, SlopeDbPerOct = 12 },
        new() { Shape = EqBandShape.LowShelf, FrequencyHz = 80, GainDb = 3 },
        new() { Shape = EqBandShape.Bell, FrequencyHz = 250, GainDb = -4, Q = 1.4 },
        new() { Shape = EqBandShape.Bell, FrequencyHz = 3000, GainDb = 2.5, Q = 0.8 },
        new() { Shape = EqBandShape.HighShelf, FrequencyHz = 10000, GainDb = 4 },
    ];

    [Fact]
    public void Stereo_mode_measured_response_matches_the_designed_curve_within_0_1_dB()
    {
        var eq = new ParametricEq(new ParametricEqSettings { Bands = MasteringCurve }, SampleRateHz, 2);
        var output = Run(eq, [Impulse(1 << 16), Impulse(1 << 16)]);
        foreach (var f in TwelfthOctaveGrid())
        {
            var designed = EqDesign.MagnitudeDb(MasteringCurve, f, SampleRateHz);
            Assert.InRange(Db(Magnitude(output[0], f)) - designed, -0.1, 0.1);
            Assert.InRange(Db(Magnitude(output[1], f)) - designed, -0.1, 0.1);
        }
    }

    [Fact]
    public void Mid_side_mode_filters_mid_and_side_with_their_own_bands()
    {
        EqBand[] mid = [new() { Shape = EqBandShape.Bell, FrequencyHz = 1000, GainDb = 6, Q = 1 }];
        EqBand[] side = [new() { Shape = EqBandShape.HighShelf, FrequencyHz = 5000, GainDb = -6 },
                         new() { Shape = EqBandShape.HighPass, FrequencyHz = 150, SlopeDbPerOct = 24 }];
        var settings = new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = mid, SideBands = side };

        // L = R: pure mid. L = -R: pure side.
        var midOut = Run(new ParametricEq(settings, SampleRateHz, 2), [Impulse(1 << 15), Impulse(1 << 15)]);
        var sideOut = Run(new ParametricEq(settings, SampleRateHz, 2), [Impulse(1 << 15), Impulse(1 << 15, 0, -1f)]);
        foreach (var f in TwelfthOctaveGrid())
        {
            Assert.InRange(Db(Magnitude(midOut[0], f)) - EqDesign.MagnitudeDb(mid, f, SampleRateHz), -0.1, 0.1);
            var sideDesigned = EqDesign.MagnitudeDb(side, f, SampleRateHz);
            if (sideDesigned > -90)
                Assert.InRange(Db(Magnitude(sideOut[0], f)) - sideDesigned, -0.1, 0.1);
        }
        Assert.Equal(midOut[0], midOut[1]);
        Assert.Equal(sideOut[0], sideOut[1].Select(x => -x));
    }

    [Fact]
    public void Bell_and_shelf_designs_reach_their_gain_where_the_cookbook_says()
    {
        const double fs = SampleRateHz;
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.Bell(fs, 1000, 5, 2)], 1000, fs), 5 - 1e-9, 5 + 1e-9);
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.Bell(fs, 1000, 5, 2)], 20, fs), -0.01, 0.01);
        // Shelves: half the gain (in dB) at the corner, the full gain far on the shelf side.
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.LowShelf(fs, 200, -6, Math.Sqrt(0.5))], 200, fs), -3 - 1e-9, -3 + 1e-9);
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.LowShelf(fs, 200, -6, Math.Sqrt(0.5))], 10, fs), -6.01, -5.99);
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.HighShelf(fs, 8000, 4, Math.Sqrt(0.5))], 8000, fs), 2 - 1e-9, 2 + 1e-9);
        Assert.InRange(BiquadResponse.MagnitudeDb([BiquadDesign.HighShelf(fs, 8000, 4, Math.Sqrt(0.5))], 100, fs), -0.01, 0.01);
    }

    [Theory]
    [InlineData(EqChannelMode.Stereo)]
    [InlineData(EqChannelMode.MidSide)]
    public void At_zero_gain_the_eq_nulls_against_its_input(EqChannelMode mode)
    {
        EqBand[] flat = MasteringCurve.Where(b => b.Shape is not (EqBandShape.HighPass or EqBandShape.LowPass))
            .Select(b => b with { GainDb = 0 }).ToArray();
        var settings = new ParametricEqSettings { Mode = mode, Bands = flat, SideBands = flat };
        float[][] input = [Noise(44100, 0.9, 1), Noise(44100, 0.9, 2)];
        var output = Run(new ParametricEq(settings, SampleRateHz, 2), input);
        Assert.True(NullDbfs(input, output, 0) < -120);
    }

    [Fact]
    public void A_band_above_the_nyquist_is_refused_with_a_message_naming_the_limit()
    {
        var settings = new ParametricEqSettings { Bands = [new EqBand { FrequencyHz = 30000 }] };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParametricEq(settings, SampleRateHz, 2));
        Assert.Contains("22.05 kHz", error.Message);
    }

    [Fact]
    public void Mid_side_needs_two_channels()
        => Assert.Throws<ArgumentException>(() =>
            new ParametricEq(new ParametricEqSettings { Mode = EqChannelMode.MidSide }, SampleRateHz, 1));

    [Fact]
    public void Reset_clears_the_filter_memory()
    {
        var eq = new ParametricEq(new ParametricEqSettings { Bands = MasteringCurve }, SampleRateHz, 1);
        var first = Run(eq, [Impulse(4096)])[0];
        eq.Reset();
        var second = Run(eq, [Impulse(4096)])[0];
        Assert.Equal(first, second);
    }
}
