using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class SilenceTests
{
    private const int Rate = 44100;
    private const double Resolution = 0.010; // the brief asks for 10 ms

    [Fact]
    public void Leading_and_trailing_silence_are_measured_to_10_ms()
    {
        var music = Signals.Sine(440, 0.3, Rate, 3);
        var signal = Signals.Concat(Signals.Silence(Rate, 1.5), music, Signals.Silence(Rate, 2.25));
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(signal, Rate));

        Assert.Equal(1.5, a.Silence.LeadingSeconds, Resolution);
        Assert.Equal(2.25, a.Silence.TrailingSeconds, Resolution);
        Assert.Equal(6.75, a.DurationSeconds, 1e-9);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "silence").Status);
    }

    [Fact]
    public void Dither_level_noise_counts_as_silence()
    {
        // 16-bit TPDF dither sits near -96 dBFS RMS, far below the -60 dBFS threshold.
        var hiss = Signals.WhiteNoise(1.0 / 65536, Rate * 3);
        var music = Signals.Sine(440, 0.3, Rate, 2);
        var signal = Signals.Concat(hiss, music, hiss);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(signal, Rate));
        Assert.Equal(3.0, a.Silence.LeadingSeconds, Resolution);
        Assert.Equal(3.0, a.Silence.TrailingSeconds, Resolution);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "silence").Status);
    }

    [Fact]
    public void A_silent_file_is_silent_and_has_null_loudness_and_peaks()
    {
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(new float[Rate * 2], new float[Rate * 2], Rate));
        Assert.True(a.Silence.EntirelySilent);
        Assert.Null(a.IntegratedLufs);
        Assert.Null(a.SamplePeakDbfs);
        Assert.Null(a.TruePeakDbtp);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "silence").Status);
    }
}
