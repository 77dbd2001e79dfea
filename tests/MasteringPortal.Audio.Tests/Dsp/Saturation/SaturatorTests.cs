using System.Numerics;
using Xunit.Abstractions;
using MasteringPortal.Audio.Dsp.Saturation;
using MathNet.Numerics.IntegralTransforms;
using static MasteringPortal.Audio.Tests.Dsp.Filters.ProcessorProbe;

namespace MasteringPortal.Audio.Tests.Dsp.Saturation;

public class SaturatorTests(ITestOutputHelper log)
{
    /// <summary>Power spectrum (dB) of exactly one second: bins are whole hertz, every tone here is coherent.</summary>
    private static double[] SpectrumDb(ReadOnlySpan<float> oneSecond)
    {
        var bins = new Complex[oneSecond.Length];
        for (var i = 0; i < bins.Length; i++) bins[i] = oneSecond[i];
        Fourier.Forward(bins, FourierOptions.NoScaling);
        return bins.Take(bins.Length / 2).Select(b => 20 * Math.Log10(b.Magnitude * 2 / bins.Length + 1e-30)).ToArray();
    }

    [Theory]
    [InlineData(SaturationCurve.SoftClip)]
    [InlineData(SaturationCurve.Tape)]
    public void A_15_kHz_sine_driven_hard_keeps_aliases_60_dB_under_the_fundamental(SaturationCurve curve)
    {
        var saturator = new Saturator(new SaturationSettings { Curve = curve, DriveDb = 18, MixPercent = 100 }, SampleRateHz, 1);
        var input = Sine(15000, 0.9, SampleRateHz * 3 / 2); // the last second, after the DC blocker has settled
        var output = Run(saturator, [input])[0];
        var spectrum = SpectrumDb(output.AsSpan(output.Length - SampleRateHz));
        var fundamental = spectrum[15000];
        // Every harmonic of 15 kHz lies above the 22.05 kHz Nyquist: anything else but DC is aliasing.
        var worstAlias = spectrum.Select((db, hz) => (db, hz)).Where(x => x.hz >= 10 && x.hz != 15000).Max(x => x.db);
        log.WriteLine($"{curve}: worst alias {fundamental - worstAlias:F1} dB under the fundamental, latency {saturator.LatencyFrames} frames");
        Assert.True(fundamental - worstAlias >= 60, $"alias {worstAlias:F1} dB vs fundamental {fundamental:F1} dB");
    }

    [Theory]
    [InlineData(SaturationCurve.SoftClip, 3)]
    [InlineData(SaturationCurve.Tape, 2)]
    public void Driving_the_curve_adds_its_harmonics(SaturationCurve curve, int harmonic)
    {
        var saturator = new Saturator(new SaturationSettings { Curve = curve, DriveDb = 12 }, SampleRateHz, 1);
        var output = Run(saturator, [Sine(500, 0.5, SampleRateHz + 4410)])[0];
        var spectrum = SpectrumDb(output.AsSpan(output.Length - SampleRateHz));
        Assert.True(spectrum[500 * harmonic] - spectrum[500] > -40);
    }

    [Fact]
    public void Quiet_signals_pass_at_unity_gain_delayed_by_exactly_the_reported_latency()
    {
        var saturator = new Saturator(new SaturationSettings { DriveDb = 6, MixPercent = 100 }, SampleRateHz, 1);
        var input = Sine(1000, 0.001, SampleRateHz / 2);
        var output = Run(saturator, [input])[0];
        var latency = saturator.LatencyFrames;
        var worst = 0.0;
        for (var n = 4096; n + latency < input.Length; n++)
            worst = Math.Max(worst, Math.Abs(output[n + latency] - input[n]));
        // A one-frame misalignment at 1 kHz would leave -17 dB; the curve's cubic term at -54 dBFS and the
        // oversampling filters' passband ripple leave far less than -70 dB of the tone.
        log.WriteLine($"residual {Db(worst / 0.001):F1} dB");
        Assert.True(Db(worst / 0.001) < -70, $"residual {Db(worst / 0.001):F1} dB");
    }

    [Theory]
    [InlineData(SaturationCurve.SoftClip)]
    [InlineData(SaturationCurve.Tape)]
    public void At_mix_0_the_output_nulls_against_the_input_shifted_by_the_latency(SaturationCurve curve)
    {
        var saturator = new Saturator(new SaturationSettings { Curve = curve, DriveDb = 0, MixPercent = 0 }, SampleRateHz, 2);
        float[][] input = [Noise(44100, 0.9, 16), Noise(44100, 0.9, 17)];
        var output = Run(saturator, input);
        Assert.True(NullDbfs(input, output, saturator.LatencyFrames) < -120);
        Assert.True(saturator.LatencyFrames > 0);
    }
}
