using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class LossySourceTests
{
    private const int Rate = 44100;

    private static IntakeAnalysis AnalyzeNoise(double highHz, double slope = 0)
    {
        // 2^19 samples: 11.9 s at 44.1 kHz.
        var left = Signals.BandLimitedNoise(19, Rate, 20, highHz, slope, 0.1, seed: 3);
        var right = Signals.BandLimitedNoise(19, Rate, 20, highHz, slope, 0.1, seed: 4);
        return PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate));
    }

    [Fact]
    public void Noise_low_passed_at_16_kHz_like_a_128k_mp3_is_a_lossy_warning_near_16_kHz()
    {
        var a = AnalyzeNoise(16_000);
        Assert.NotNull(a.LossyCutoff.CutoffHz);
        // Candidates are 250 Hz apart and keep a 250 Hz guard band each side of the wall.
        Assert.InRange(a.LossyCutoff.CutoffHz!.Value, 15_500, 16_500);
        Assert.True(a.LossyCutoff.ConsistentFraction >= LossyCutoffDetector.MinimumConsistency);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "lossy-source").Status);
    }

    [Fact]
    public void Noise_low_passed_at_19_5_kHz_like_a_high_bit_rate_mp3_is_found_too()
    {
        var a = AnalyzeNoise(19_500, slope: 1);
        Assert.InRange(a.LossyCutoff.CutoffHz!.Value, 19_000, 20_000);
    }

    [Fact]
    public void Full_band_white_and_pink_noise_show_no_cutoff()
    {
        Assert.Null(AnalyzeNoise(22_050).LossyCutoff.CutoffHz);
        var pink = AnalyzeNoise(22_050, slope: 1);
        Assert.Null(pink.LossyCutoff.CutoffHz);
        Assert.Equal(CheckStatus.Pass, pink.Checks.Single(c => c.Id == "lossy-source").Status);
    }

    [Fact]
    public void A_resampler_anti_alias_filter_at_0_95_nyquist_is_not_called_lossy()
    {
        // SoX's default pass band ends at 95 % of Nyquist: 20.95 kHz at 44.1 kHz.
        Assert.Null(AnalyzeNoise(0.95 * Rate / 2, slope: 1).LossyCutoff.CutoffHz);
    }

    [Fact]
    public void A_sine_has_no_content_up_high_but_is_not_called_lossy()
    {
        var sine = Signals.Sine(1000, 0.5, Rate, 5);
        Assert.Null(PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(sine, sine, Rate)).LossyCutoff.CutoffHz);
    }

    [Fact]
    public void A_file_decoded_from_mp3_is_a_problem_whatever_its_spectrum()
    {
        var noise = Signals.WhiteNoise(0.1, Rate);
        var source = ArrayAudioSource.Stereo(noise, noise, Rate, bitDepth: 0, SampleEncoding.Compressed, "mp3");
        var check = PeakAndHeadroomTests.Analyze(source).Checks.Single(c => c.Id == "lossy-source");
        Assert.Equal(CheckStatus.Problem, check.Status);
        Assert.Contains("MP3", check.Message);
    }
}
