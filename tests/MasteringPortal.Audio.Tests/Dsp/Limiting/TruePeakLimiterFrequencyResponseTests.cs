using MasteringPortal.Audio.Dsp.Limiting;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>
/// Nothing in the limiter filters the programme: a quiet sine sweep comes out with the same level at every frequency
/// up to 20 kHz at 44.1 kHz (the top octave is where a band-limiting guard would show).
/// </summary>
public class TruePeakLimiterFrequencyResponseTests
{
    [Fact]
    public void A_sweep_well_under_the_ceiling_comes_out_flat_to_within_a_hundredth_of_a_dB_up_to_20_kHz()
    {
        const int rateHz = 44100;
        const double seconds = 4, startHz = 20, endHz = 20000;
        var frames = (int)(rateHz * seconds);
        var k = Math.Log(endHz / startHz);
        // Exponential sweep at −12 dBFS, stereo (the channels a quarter-turn apart).
        var sweep = Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, frames).Select(i =>
        {
            var t = (double)i / rateHz;
            var phase = 2 * Math.PI * startHz * seconds / k * (Math.Exp(t / seconds * k) - 1);
            return (float)(0.25 * Math.Sin(phase + c * Math.PI / 2));
        }).ToArray()).ToArray();
        var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(CeilingDbtp: -1), rateHz, 2);
        var output = LimiterHarness.Run(limiter, sweep);

        // Level in windows along the sweep (each covers a narrow band of frequencies), out against in.
        const int window = 2048;
        var worst = 0.0;
        var lastHz = 0.0;
        for (var start = window; start + window <= frames; start += window)
        {
            var hz = startHz * Math.Exp((start + window / 2.0) / frames * k);
            if (hz > endHz) break;
            for (var c = 0; c < 2; c++)
            {
                double inEnergy = 0, outEnergy = 0;
                for (var i = start; i < start + window; i++)
                {
                    inEnergy += (double)sweep[c][i] * sweep[c][i];
                    outEnergy += (double)output[c][i] * output[c][i];
                }
                worst = Math.Max(worst, Math.Abs(10 * Math.Log10(outEnergy / inEnergy)));
            }
            lastHz = hz;
        }
        Assert.True(lastHz > 19000, $"the sweep was measured up to {lastHz:F0} Hz only");
        Assert.True(worst < 0.01, $"the level changed by up to {worst:F4} dB");
    }
}
