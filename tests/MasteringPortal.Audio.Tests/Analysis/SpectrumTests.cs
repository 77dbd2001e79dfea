using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class SpectrumTests
{
    [Fact]
    public void Band_edges_follow_IEC_61260_base_10_and_centres_ISO_266()
    {
        Assert.Equal(31, ThirdOctaveBands.Count);
        Assert.Equal(1000.0, ThirdOctaveBands.ExactCentreHz(17), 9);
        Assert.Equal(20.0, ThirdOctaveBands.NominalCentresHz[0]);
        Assert.Equal(19.95, ThirdOctaveBands.ExactCentreHz(0), 0.01);
        for (var b = 1; b < ThirdOctaveBands.Count; b++)
            Assert.Equal(ThirdOctaveBands.UpperEdgeHz(b - 1), ThirdOctaveBands.LowerEdgeHz(b), 9);
    }

    [Fact]
    public void A_1_kHz_sine_puts_its_power_in_the_1_kHz_band_of_the_mid_signal()
    {
        const int rate = 48000;
        var sine = Signals.Sine(1000, 0.5, rate, 4);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(sine, sine, rate));
        var mid = a.Spectrum.MidDb;
        var loudest = Array.IndexOf(mid, mid.Max());
        Assert.Equal(1000.0, a.Spectrum.CentresHz[loudest]);
        // Mean-square power of a sine is A²/2; the Hann main lobe (±2 bins, ±6 Hz) lies well inside 891-1122 Hz.
        Assert.Equal(10 * Math.Log10(0.5 * 0.5 / 2), mid[loudest]!.Value, 0.05);
        // Identical channels: the side signal is exactly zero.
        Assert.All(a.Spectrum.SideDb!, b => Assert.True(b is null || b < -200));
    }

    [Fact]
    public void Side_only_content_appears_in_the_side_spectrum()
    {
        const int rate = 48000;
        var sine = Signals.Sine(250, 0.5, rate, 4);
        var inverted = sine.Select(x => -x).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(sine, inverted, rate));
        var side = a.Spectrum.SideDb!;
        Assert.Equal(250.0, a.Spectrum.CentresHz[Array.IndexOf(side, side.Max())]);
        Assert.Equal(10 * Math.Log10(0.5 * 0.5 / 2), side.Max()!.Value, 0.05);
        Assert.All(a.Spectrum.MidDb, b => Assert.True(b is null || b < -200));
    }

    /// <summary>
    /// Pink noise has equal power in every 1/3 octave. The test signal is synthesised with exact 1/f power in
    /// every DFT bin from 10 Hz to 22 kHz (only the phases are random), so each band's true power is known
    /// to 0.01 dB. What remains is the estimator's error: with 2^20 samples the 25 Hz band (5.8 Hz wide)
    /// averages ≈ 128 frames of ≈ 2 bins, i.e. ≈ 250 random-phase terms, a standard error of about
    /// 1/√250 ≈ 6 % ≈ 0.27 dB; the Hann main lobe (±2 bins) also smears a 1/f slope across that narrow band.
    /// So ±1 dB (≈ 3.5 σ) from 25 to 63 Hz, and ±0.5 dB from 80 Hz up, where bands hold dozens of bins or more
    /// (σ under 0.1 dB). The 20 Hz band is left out: the synthesis starts at 10 Hz and its 4.6 Hz width is
    /// less than the window's main lobe.
    /// </summary>
    [Fact]
    public void Pink_noise_is_flat_per_third_octave()
    {
        const int rate = 48000;
        var pink = Signals.BandLimitedNoise(20, rate, 10, 23_000, slope: 1, rms: 0.1);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(pink, rate));
        var bands = a.Spectrum.MidDb;
        Assert.Null(a.Spectrum.SideDb);

        // Reference: the exact power per 1/3 octave of the synthesised density ∝ 1/f, i.e. total power · ln(10^0.1) / ln(23000/10).
        var expectedDb = 10 * Math.Log10(0.1 * 0.1 * Math.Log(Math.Pow(10, 0.1)) / Math.Log(23_000.0 / 10));
        for (var b = 1; b < ThirdOctaveBands.Count; b++)
        {
            var tolerance = ThirdOctaveBands.NominalCentresHz[b] < 80 ? 1.0 : 0.5;
            Assert.True(Math.Abs(bands[b]!.Value - expectedDb) <= tolerance,
                $"{ThirdOctaveBands.NominalCentresHz[b]} Hz band: {bands[b]:0.00} dB, expected {expectedDb:0.00} ± {tolerance}");
        }
    }
}
