using MasteringPortal.Audio.Dsp.Dynamics;
using Xunit.Abstractions;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Dynamics;

public class CompressorTests(ITestOutputHelper log)
{
    // The designed static curve, written out from Giannoulis, Massberg & Reiss (JAES 2012), eq. 4.
    private static double DesignedOutputDb(double inputDb, double thresholdDb, double ratio, double kneeDb)
    {
        var over = inputDb - thresholdDb;
        if (2 * over < -kneeDb) return inputDb;
        if (2 * Math.Abs(over) <= kneeDb)
            return inputDb + (1 / ratio - 1) * Math.Pow(over + kneeDb / 2, 2) / (2 * kneeDb);
        return thresholdDb + over / ratio;
    }

    [Theory]
    [InlineData(-40.0)] [InlineData(-30.0)] [InlineData(-24.0)] [InlineData(-22.0)] [InlineData(-20.0)]
    [InlineData(-18.5)] [InlineData(-16.0)] [InlineData(-10.0)] [InlineData(-3.0)]
    public void Steady_sine_settles_on_the_designed_static_curve_within_0_1_dB(double inputPeakDb)
    {
        var settings = new CompressorSettings { ThresholdDb = -20, Ratio = 4, KneeDb = 6, AttackMs = 5, ReleaseMs = 80 };
        var input = Sine(1000, Math.Pow(10, inputPeakDb / 20), SampleRateHz);
        var output = Run(new Compressor(settings, SampleRateHz, 1), [input])[0];
        var tail = SampleRateHz / 10; // last 100 ms, long after settling
        var measuredIn = PeakDb(input.AsSpan(input.Length - tail));
        var measuredOut = PeakDb(output.AsSpan(output.Length - tail));
        log.WriteLine($"in {measuredIn:F2} dB: out - curve = {measuredOut - DesignedOutputDb(measuredIn, -20, 4, 6):F4} dB");
        Assert.InRange(measuredOut - DesignedOutputDb(measuredIn, -20, 4, 6), -0.1, 0.1);
    }

    [Fact]
    public void Attack_and_release_reach_63_percent_of_the_gain_change_in_the_set_times()
    {
        const double attackMs = 10, releaseMs = 100;
        var settings = new CompressorSettings { ThresholdDb = -20, Ratio = 4, KneeDb = 0, AttackMs = attackMs, ReleaseMs = releaseMs };
        // A level step on a steady (DC) signal: the detector sees the level directly, sample by sample.
        var frames = SampleRateHz;
        var step = SampleRateHz / 4;
        var back = SampleRateHz / 2;
        var input = new float[frames];
        for (var i = 0; i < frames; i++) input[i] = i >= step && i < back ? 0.5f : 0.01f;
        var output = Run(new Compressor(settings, SampleRateHz, 1), [input])[0];
        double GainDb(int i) => Db(output[i] / input[i]);

        var fullReductionDb = DesignedOutputDb(Db(0.5), -20, 4, 0) - Db(0.5);
        var attackFrames = Enumerable.Range(step, back - step)
            .First(i => GainDb(i) <= fullReductionDb * (1 - 1 / Math.E)) - step;
        log.WriteLine($"attack 63 % at {attackFrames * 1000.0 / SampleRateHz:F3} ms");
        Assert.InRange(attackFrames * 1000.0 / SampleRateHz, attackMs * 0.9, attackMs * 1.1);

        // Release counts from the end of the detector's peak hold (CompressorSettings.PeakHoldMs).
        var holdFrames = (int)Math.Round(CompressorSettings.PeakHoldMs * SampleRateHz / 1000);
        var releaseFrames = Enumerable.Range(back, frames - back)
            .First(i => GainDb(i) >= fullReductionDb / Math.E) - back - holdFrames;
        log.WriteLine($"release 63 % at {releaseFrames * 1000.0 / SampleRateHz:F3} ms after the hold");
        Assert.InRange(releaseFrames * 1000.0 / SampleRateHz, releaseMs * 0.9, releaseMs * 1.1);
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(0.0)]
    [InlineData(50.0)]
    public void Stereo_link_blends_the_quiet_channels_gain_towards_the_loud_channels(double linkPercent)
    {
        var settings = new CompressorSettings { ThresholdDb = -30, Ratio = 4, KneeDb = 0, StereoLinkPercent = linkPercent };
        var loud = Sine(1000, 0.5, SampleRateHz);
        var quiet = Sine(1000, 0.01, SampleRateHz); // -40 dBFS: below threshold on its own
        var output = Run(new Compressor(settings, SampleRateHz, 2), [loud, quiet]);
        var tail = SampleRateHz / 10;
        var loudGain = PeakDb(output[0].AsSpan(SampleRateHz - tail)) - PeakDb(loud.AsSpan(SampleRateHz - tail));
        var quietGain = PeakDb(output[1].AsSpan(SampleRateHz - tail)) - PeakDb(quiet.AsSpan(SampleRateHz - tail));
        // The linked level is a linear blend of the two peaks; the gain follows the curve at that level.
        var blended = Db(0.01 + linkPercent / 100 * (0.5 - 0.01));
        var expectedQuietGain = DesignedOutputDb(blended, -30, 4, 0) - blended;
        Assert.InRange(quietGain - expectedQuietGain, -0.1, 0.1);
        Assert.InRange(loudGain - (DesignedOutputDb(Db(0.5), -30, 4, 0) - Db(0.5)), -0.1, 0.1);
    }

    [Fact]
    public void Sidechain_high_pass_keeps_bass_from_driving_the_gain()
    {
        var bass = Sine(40, 0.5, SampleRateHz); // -6 dBFS peak at 40 Hz
        var plain = new CompressorSettings { ThresholdDb = -20, Ratio = 4, KneeDb = 0 };
        var tail = SampleRateHz / 10;
        var compressed = Run(new Compressor(plain, SampleRateHz, 1), [bass])[0];
        var filtered = Run(new Compressor(plain with { SidechainHighPassHz = 200 }, SampleRateHz, 1), [bass])[0];
        // Without the filter the full 10.5 dB reduction; with a 12 dB/oct filter at 200 Hz the detector
        // sees 40 Hz about 28 dB lower (-34 dBFS), below the threshold: no reduction.
        Assert.InRange(PeakDb(compressed.AsSpan(SampleRateHz - tail)) - Db(0.5), -10.6, -10.4);
        Assert.InRange(PeakDb(filtered.AsSpan(SampleRateHz - tail)) - Db(0.5), -0.1, 0.1);
    }

    [Fact]
    public void Make_up_gain_lifts_the_output_by_its_amount()
    {
        var settings = new CompressorSettings { ThresholdDb = 0, Ratio = 2, MakeupGainDb = 6 };
        var input = Sine(1000, 0.25, 4410);
        var output = Run(new Compressor(settings, SampleRateHz, 1), [input])[0];
        Assert.InRange(PeakDb(output) - PeakDb(input), 6 - 1e-4, 6 + 1e-4);
    }

    [Fact]
    public void At_ratio_1_the_compressor_nulls_against_its_input()
    {
        var settings = new CompressorSettings { ThresholdDb = -40, Ratio = 1, MakeupGainDb = 0 };
        float[][] input = [Noise(44100, 0.9, 5), Noise(44100, 0.9, 6)];
        var output = Run(new Compressor(settings, SampleRateHz, 2), input);
        Assert.True(NullDbfs(input, output, 0) < -120);
    }

    [Fact]
    public void Threshold_above_the_signal_leaves_it_untouched()
    {
        var settings = new CompressorSettings { ThresholdDb = 0, Ratio = 8, KneeDb = 6 };
        float[][] input = [Noise(44100, 0.4, 7)]; // peaks below -7.9 dBFS, under the knee (-3 dB)
        var output = Run(new Compressor(settings, SampleRateHz, 1), input);
        Assert.True(NullDbfs(input, output, 0) < -120);
    }

    [Theory]
    [InlineData(0.5, nameof(CompressorSettings.Ratio))]
    [InlineData(-5.0, nameof(CompressorSettings.AttackMs))]
    public void Out_of_range_settings_are_refused_with_a_message(double value, string name)
    {
        var settings = name == nameof(CompressorSettings.Ratio)
            ? new CompressorSettings { Ratio = value }
            : new CompressorSettings { AttackMs = value };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Compressor(settings, SampleRateHz, 2));
        Assert.Equal(name, error.ParamName);
    }
}
