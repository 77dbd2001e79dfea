using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class PeakAndHeadroomTests
{
    private const int Rate = 48000;

    /// <summary>EBU Tech 3341 §2.3 (true-peak meter tolerance): +0.2 / -0.4 dB.</summary>
    private const double TruePeakOverDb = 0.2, TruePeakUnderDb = 0.4;

    internal static IntakeAnalysis Analyze(IAudioSource source) =>
        IntakeAnalyzer.Analyze(source, options: new IntakeAnalyzerOptions(WaveformSamplesPerPixel: []));

    private static IntakeCheck Check(IntakeAnalysis a, string id) => a.Checks.Single(c => c.Id == id);

    [Fact]
    public void Sine_sampled_on_its_crest_reports_its_amplitude_as_sample_and_true_peak()
    {
        // 1 kHz at 48 kHz: sample 12 of every 48 falls exactly on the crest.
        var sine = Signals.Sine(1000, 0.5, Rate, 2);
        var a = Analyze(ArrayAudioSource.Stereo(sine, sine, Rate));

        Assert.Equal(Signals.Db(0.5), a.SamplePeakDbfs!.Value, 3);
        Assert.InRange(a.TruePeakDbtp!.Value, Signals.Db(0.5) - TruePeakUnderDb, Signals.Db(0.5) + TruePeakOverDb);
    }

    [Fact]
    public void Sine_whose_crest_falls_between_samples_reads_3_dB_lower_in_samples_but_full_in_true_peak()
    {
        // fs/4 with a 45° phase: every sample is at ±A·sin(45°), the crest lies exactly between two samples.
        var sine = Signals.Sine(Rate / 4.0, 0.5, Rate, 2, Math.PI / 4);
        var a = Analyze(ArrayAudioSource.Mono(sine, Rate));

        Assert.Equal(Signals.Db(0.5 * Math.Sqrt(0.5)), a.SamplePeakDbfs!.Value, 3);
        Assert.InRange(a.TruePeakDbtp!.Value, Signals.Db(0.5) - TruePeakUnderDb, Signals.Db(0.5) + TruePeakOverDb);
    }

    [Theory]
    [InlineData(0.25, CheckStatus.Pass)]      // -12 dBFS
    [InlineData(0.6, CheckStatus.Pass)]       // -4.4 dBFS: inside the -3 dBFS rule
    [InlineData(0.85, CheckStatus.Warning)]   // -1.4 dBFS: over the rule
    [InlineData(1.0, CheckStatus.Problem)]    // 0 dBFS
    public void Headroom_check_applies_the_minus_3_dBFS_delivery_rule(double amplitude, CheckStatus expected)
    {
        var sine = Signals.Sine(1000, amplitude, Rate, 1);
        var a = Analyze(ArrayAudioSource.Stereo(sine, sine, Rate));
        Assert.Equal(expected, Check(a, "headroom").Status);
    }

    [Fact]
    public void Peak_at_0_dBFS_gets_the_export_again_advice()
    {
        var sine = Signals.Sine(1000, 1.0, Rate, 1);
        var message = Check(Analyze(ArrayAudioSource.Stereo(sine, sine, Rate)), "headroom").Message;
        Assert.Contains("0.0 dBFS", message);
        Assert.Contains("-3 dBFS or lower", message);
    }

    [Fact]
    public void Every_required_check_is_present_once()
    {
        var sine = Signals.Sine(1000, 0.25, Rate, 1);
        var ids = Analyze(ArrayAudioSource.Stereo(sine, sine, Rate)).Checks.Select(c => c.Id).ToArray();
        Assert.Equal(
            ["headroom", "clipping", "bus-limiting", "bit-depth", "sample-rate", "lossy-source", "dc-offset", "mono-compatibility", "silence"],
            ids);
    }

    [Fact]
    public void Sample_rate_below_44_1_kHz_is_a_warning()
    {
        var sine = Signals.Sine(1000, 0.25, 32000, 1);
        var a = Analyze(ArrayAudioSource.Mono(sine, 32000));
        Assert.Equal(CheckStatus.Warning, Check(a, "sample-rate").Status);
        Assert.Equal(32000, a.SampleRateHz);
        Assert.Equal(1.0, a.DurationSeconds, 9);
    }
}
