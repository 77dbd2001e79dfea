using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Stereo;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Stereo;

public class StereoImagerTests
{
    private static float[][] SideOnly(float[] side) => [side, side.Select(x => -x).ToArray()];

    private static float[] Side(float[][] stereo) => stereo[0].Zip(stereo[1], (l, r) => (l - r) / 2).ToArray();

    private static float[] Mid(float[][] stereo) => stereo[0].Zip(stereo[1], (l, r) => (l + r) / 2).ToArray();

    [Fact]
    public void Width_0_makes_the_output_exactly_mono()
    {
        var imager = new StereoImager(new StereoImagerSettings { Widths = [0.0] }, SampleRateHz, 2);
        var output = Run(imager, [Noise(44100, 0.7, 10), Noise(44100, 0.7, 11)]);
        Assert.Equal(output[0], output[1]);
    }

    [Fact]
    public void Width_0_on_every_band_makes_the_output_exactly_mono()
    {
        var settings = new StereoImagerSettings { CrossoverFrequenciesHz = [200, 2000], Widths = [0.0, 0.0, 0.0], MonoBelowHz = 80 };
        var output = Run(new StereoImager(settings, SampleRateHz, 2), [Noise(44100, 0.7, 12), Noise(44100, 0.7, 13)]);
        Assert.Equal(output[0], output[1]);
    }

    [Fact]
    public void Width_0_in_one_band_removes_the_side_in_that_band_and_keeps_the_mid()
    {
        var settings = new StereoImagerSettings { CrossoverFrequenciesHz = [200, 2000], Widths = [1.0, 0.0, 1.0] };
        const double centre = 632.455532; // geometric centre of the 200 Hz - 2 kHz band
        var tone = Sine(centre, 0.5, SampleRateHz);
        var sideOut = Side(Run(new StereoImager(settings, SampleRateHz, 2), SideOnly(tone)));
        var midOut = Mid(Run(new StereoImager(settings, SampleRateHz, 2), [tone, tone]));
        var tail = SampleRateHz / 2;
        // What is left is the neighbouring bands' LR4 skirts: 24 dB/oct, each -40 dB a decade away.
        Assert.True(Db(ToneAmplitude(sideOut.AsSpan(tail), centre) / 0.5) < -30);
        Assert.InRange(Db(ToneAmplitude(midOut.AsSpan(tail), centre) / 0.5), -0.01, 0.01);
    }

    [Fact]
    public void Width_2_doubles_the_side_and_leaves_the_mid()
    {
        var settings = new StereoImagerSettings { CrossoverFrequenciesHz = [300], Widths = [1.0, 2.0] };
        var tone = Sine(5000, 0.2, SampleRateHz);
        var sideOut = Side(Run(new StereoImager(settings, SampleRateHz, 2), SideOnly(tone)));
        Assert.InRange(Db(ToneAmplitude(sideOut.AsSpan(SampleRateHz / 2), 5000) / 0.2), 6.02 - 0.1, 6.02 + 0.1);
    }

    [Fact]
    public void Mono_below_removes_side_bass_and_keeps_side_above()
    {
        var settings = new StereoImagerSettings { MonoBelowHz = 120 };
        var tail = SampleRateHz / 2;
        var low = Side(Run(new StereoImager(settings, SampleRateHz, 2), SideOnly(Sine(30, 0.5, SampleRateHz))));
        var high = Side(Run(new StereoImager(settings, SampleRateHz, 2), SideOnly(Sine(480, 0.5, SampleRateHz))));
        var midBass = Mid(Run(new StereoImager(settings, SampleRateHz, 2), [Sine(30, 0.5, SampleRateHz), Sine(30, 0.5, SampleRateHz)]));
        // LR4 high-pass on the side: -48 dB two octaves below the corner, -0.02 dB two octaves above.
        Assert.True(Db(ToneAmplitude(low.AsSpan(tail), 30) / 0.5) < -45);
        Assert.InRange(Db(ToneAmplitude(high.AsSpan(tail), 480) / 0.5), -0.1, 0.1);
        Assert.InRange(Db(ToneAmplitude(midBass.AsSpan(tail), 30) / 0.5), -0.01, 0.01);
    }

    [Fact]
    public void Active_bands_at_width_1_keep_every_frequency_at_unity()
    {
        // Mid and side both pass through the phase-compensated bands: flat in magnitude (side above the mono-bass corner).
        var settings = new StereoImagerSettings { CrossoverFrequenciesHz = [250, 1000, 4000], Widths = [1.0, 1.0, 1.0, 1.0], MonoBelowHz = 60 };
        var midOut = Mid(Run(new StereoImager(settings, SampleRateHz, 2), [Impulse(1 << 16), Impulse(1 << 16)]));
        var sideOut = Side(Run(new StereoImager(settings, SampleRateHz, 2), SideOnly(Impulse(1 << 16))));
        foreach (var f in TwelfthOctaveGrid())
        {
            Assert.InRange(Db(Magnitude(midOut, f)), -0.1, 0.1);
            if (f >= 4 * 60) Assert.InRange(Db(Magnitude(sideOut, f)), -0.1, 0.1); // above the mono-bass skirt
        }
    }

    [Fact]
    public void With_all_widths_1_and_mono_bass_off_the_imager_nulls_against_its_input()
    {
        var settings = new StereoImagerSettings { CrossoverFrequenciesHz = [150, 3000], Widths = [1.0, 1.0, 1.0] };
        float[][] input = [Noise(44100, 0.9, 14), Noise(44100, 0.9, 15)];
        var output = Run(new StereoImager(settings, SampleRateHz, 2), input);
        Assert.True(NullDbfs(input, output, 0) < -120);
    }

    [Fact]
    public void Widths_outside_0_to_2_are_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StereoImager(new StereoImagerSettings { Widths = [2.5] }, SampleRateHz, 2));
}
