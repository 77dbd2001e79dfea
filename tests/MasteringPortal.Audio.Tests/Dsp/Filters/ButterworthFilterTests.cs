using MasteringPortal.Audio.Dsp.Filters;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

public class ButterworthFilterTests
{
    // Bilinear-transform Butterworth with the cutoff pre-warped: |H| depends on tan(pi f / fs) exactly.
    private static double AnalyticLowPassDb(double f, double fc, int order)
    {
        var ratio = Math.Tan(Math.PI * f / SampleRateHz) / Math.Tan(Math.PI * fc / SampleRateHz);
        return -10 * Math.Log10(1 + Math.Pow(ratio, 2 * order));
    }

    private static double AnalyticHighPassDb(double f, double fc, int order)
    {
        var ratio = Math.Tan(Math.PI * fc / SampleRateHz) / Math.Tan(Math.PI * f / SampleRateHz);
        return -10 * Math.Log10(1 + Math.Pow(ratio, 2 * order));
    }

    [Theory]
    [InlineData(6)] [InlineData(12)] [InlineData(18)] [InlineData(24)]
    [InlineData(30)] [InlineData(36)] [InlineData(42)] [InlineData(48)]
    public void HighPass_measured_response_matches_the_Butterworth_magnitude(int slope)
    {
        const double cutoff = 100;
        var filter = new HighPassFilter(new PassFilterSettings { FrequencyHz = cutoff, SlopeDbPerOct = slope }, SampleRateHz, 1);
        var h = Run(filter, [Impulse(1 << 16)])[0];
        foreach (var f in TwelfthOctaveGrid())
        {
            var expected = AnalyticHighPassDb(f, cutoff, slope / 6);
            if (expected < -90) continue; // below the float output's resolution of the impulse response
            Assert.InRange(Db(Magnitude(h, f)) - expected, -0.1, 0.1);
        }
        Assert.InRange(Db(Magnitude(h, cutoff)), -3.0103 - 0.01, -3.0103 + 0.01);
    }

    [Theory]
    [InlineData(6)] [InlineData(12)] [InlineData(24)] [InlineData(48)]
    public void LowPass_measured_response_matches_the_Butterworth_magnitude(int slope)
    {
        const double cutoff = 5000;
        var filter = new LowPassFilter(new PassFilterSettings { FrequencyHz = cutoff, SlopeDbPerOct = slope }, SampleRateHz, 2);
        var output = Run(filter, [Impulse(1 << 14), Impulse(1 << 14)]);
        foreach (var f in TwelfthOctaveGrid())
        {
            var expected = AnalyticLowPassDb(f, cutoff, slope / 6);
            if (expected < -90) continue;
            Assert.InRange(Db(Magnitude(output[0], f)) - expected, -0.1, 0.1);
            Assert.Equal(output[0], output[1]);
        }
        Assert.InRange(Db(Magnitude(output[0], cutoff)), -3.0103 - 0.01, -3.0103 + 0.01);
    }

    [Fact]
    public void Slope_well_inside_the_stopband_is_six_dB_per_octave_per_order()
    {
        // One octave apart, far below the cutoff, an order-N high-pass drops 6.02 N dB.
        var design = ButterworthDesign.HighPass(SampleRateHz, 1000, 5);
        var drop = BiquadResponse.MagnitudeDb(design, 100, SampleRateHz) - BiquadResponse.MagnitudeDb(design, 50, SampleRateHz);
        Assert.InRange(drop, 5 * 6.02 - 0.05, 5 * 6.02 + 0.05);
    }

    [Theory]
    [InlineData(0)] [InlineData(9)] [InlineData(54)]
    public void Slopes_other_than_6_to_48_in_steps_of_6_are_refused(int slope)
        => Assert.Throws<ArgumentOutOfRangeException>(() => ButterworthDesign.OrderForSlope(slope));
}
