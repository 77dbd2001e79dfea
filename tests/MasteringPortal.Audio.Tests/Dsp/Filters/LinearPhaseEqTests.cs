using MasteringPortal.Audio.Dsp.Filters;
using Xunit.Abstractions;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

public class LinearPhaseEqTests(ITestOutputHelper log)
{
    private static readonly EqBand[] Curve = ParametricEqTests.MasteringCurve
        .Where(b => b.Shape != EqBandShape.HighPass).ToArray();

    [Fact]
    public void Measured_response_matches_the_designed_curve_within_0_1_dB_on_a_twelfth_octave_grid()
    {
        var eq = new LinearPhaseEq(new ParametricEqSettings { Bands = Curve }, SampleRateHz, 2);
        var frames = eq.LatencyFrames + eq.TapCount + 4096;
        var output = Run(eq, [Impulse(frames), Impulse(frames)]);
        // The whole FIR starts (taps - 1) / 2 before the latency point.
        var start = eq.LatencyFrames - (eq.TapCount - 1) / 2;
        var h = output[0].AsSpan(start, eq.TapCount).ToArray();
        var worst = TwelfthOctaveGrid().Max(f => Math.Abs(Db(Magnitude(h, f)) - EqDesign.MagnitudeDb(Curve, f, SampleRateHz)));
        log.WriteLine($"worst deviation {worst:F4} dB, taps {eq.TapCount}, latency {eq.LatencyFrames}");
        foreach (var f in TwelfthOctaveGrid())
            Assert.InRange(Db(Magnitude(h, f)) - EqDesign.MagnitudeDb(Curve, f, SampleRateHz), -0.1, 0.1);
        // Both channels share one complex FFT: identical up to FFT round-off (far below -160 dBFS).
        for (var i = 0; i < frames; i++) Assert.InRange(output[0][i] - output[1][i], -1e-8f, 1e-8f);
    }

    [Fact]
    public void With_a_steep_low_cut_in_the_curve_the_response_still_matches_within_0_1_dB()
    {
        var curve = ParametricEqTests.MasteringCurve; // includes a 25 Hz, 12 dB/oct high-pass
        var eq = new LinearPhaseEq(new ParametricEqSettings { Bands = curve }, SampleRateHz, 1);
        var output = Run(eq, [Impulse(eq.LatencyFrames + eq.TapCount)])[0];
        var h = output.AsSpan(eq.LatencyFrames - (eq.TapCount - 1) / 2, eq.TapCount).ToArray();
        var worst = TwelfthOctaveGrid().Max(f => Math.Abs(Db(Magnitude(h, f)) - EqDesign.MagnitudeDb(curve, f, SampleRateHz)));
        log.WriteLine($"worst deviation with the low cut {worst:F4} dB");
        Assert.True(worst <= 0.1, $"worst deviation {worst:F3} dB");
    }

    [Fact]
    public void Impulse_response_is_symmetric_about_the_reported_latency()
    {
        var eq = new LinearPhaseEq(new ParametricEqSettings { Bands = Curve }, SampleRateHz, 1);
        const int at = 1234;
        var frames = at + eq.LatencyFrames + eq.TapCount;
        var y = Run(eq, [Impulse(frames, at)])[0];
        var centre = at + eq.LatencyFrames;
        var peak = Array.IndexOf(y, y.MaxBy(Math.Abs));
        Assert.Equal(centre, peak);
        var half = (eq.TapCount - 1) / 2;
        for (var k = 1; k <= half; k++)
            Assert.InRange(y[centre + k] - y[centre - k], -1e-6f, 1e-6f);
        Assert.InRange(y[centre - half - 1], -1e-8f, 1e-8f); // nothing before the FIR's first tap
    }

    [Fact]
    public void Mid_side_mode_gives_mid_and_side_their_own_curves()
    {
        EqBand[] mid = [new() { Shape = EqBandShape.Bell, FrequencyHz = 400, GainDb = -3, Q = 0.7 }];
        EqBand[] side = [new() { Shape = EqBandShape.LowShelf, FrequencyHz = 300, GainDb = -8 }];
        var settings = new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = mid, SideBands = side };
        var eq = new LinearPhaseEq(settings, SampleRateHz, 2);
        var frames = eq.LatencyFrames + eq.TapCount;
        var start = eq.LatencyFrames - (eq.TapCount - 1) / 2;
        // L = impulse, R = 0: M = S = impulse / 2, so L' = (m + s) / 2 and R' = (m - s) / 2.
        var y = Run(eq, [Impulse(frames), new float[frames]]);
        var m = new float[eq.TapCount];
        var s = new float[eq.TapCount];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = y[0][start + i] + y[1][start + i];
            s[i] = y[0][start + i] - y[1][start + i];
        }
        foreach (var f in TwelfthOctaveGrid())
        {
            Assert.InRange(Db(Magnitude(m, f)) - EqDesign.MagnitudeDb(mid, f, SampleRateHz), -0.1, 0.1);
            Assert.InRange(Db(Magnitude(s, f)) - EqDesign.MagnitudeDb(side, f, SampleRateHz), -0.1, 0.1);
        }
    }

    [Theory]
    [InlineData(EqChannelMode.Stereo)]
    [InlineData(EqChannelMode.MidSide)]
    public void At_zero_gain_the_output_nulls_against_the_input_shifted_by_the_latency(EqChannelMode mode)
    {
        var flat = Curve.Select(b => b with { GainDb = 0 }).ToArray();
        var eq = new LinearPhaseEq(new ParametricEqSettings { Mode = mode, Bands = flat, SideBands = flat }, SampleRateHz, 2);
        var frames = eq.LatencyFrames + 44100;
        float[][] input = [Noise(frames, 0.9, 3), Noise(frames, 0.9, 4)];
        var output = Run(eq, input);
        Assert.True(NullDbfs(input, output, eq.LatencyFrames) < -120);
    }

    [Fact]
    public void Latency_is_the_fir_delay_plus_one_fft_hop()
    {
        var eq = new LinearPhaseEq(new ParametricEqSettings(), SampleRateHz, 2);
        Assert.Equal(16385, eq.TapCount);
        Assert.Equal((eq.TapCount - 1) / 2 + 16384, eq.LatencyFrames);
    }
}
