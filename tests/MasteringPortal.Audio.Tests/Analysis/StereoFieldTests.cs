using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class StereoFieldTests
{
    private const int Rate = 48000;

    /// <summary>
    /// The meter's gating histogram resolves 0.01 LU (see Metering/LoudnessHistogram); the two meters see
    /// scaled copies of one stationary signal, so their difference is exact to that resolution, twice.
    /// </summary>
    private const double LoudnessResolutionLu = 0.02;

    [Fact]
    public void Dc_added_to_one_channel_is_measured_and_warned_about()
    {
        // 1 kHz over whole periods averages to exactly zero, so the mean is the added 0.01 (-40 dBFS).
        var left = Signals.Sine(1000, 0.25, Rate, 2).Select(x => x + 0.01f).ToArray();
        var right = Signals.Sine(1000, 0.25, Rate, 2);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate));

        Assert.Equal(-40.0, a.DcOffsetDbfs[0]!.Value, 0.05);
        Assert.True(a.DcOffsetDbfs[1] is null || a.DcOffsetDbfs[1] < -100);
        var check = a.Checks.Single(c => c.Id == "dc-offset");
        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Contains("left", check.Message);
    }

    [Fact]
    public void No_dc_passes()
    {
        var sine = Signals.Sine(1000, 0.25, Rate, 2);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(sine, sine, Rate));
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "dc-offset").Status);
    }

    [Fact]
    public void Polarity_inverted_pair_has_correlation_minus_1_and_vanishes_in_mono()
    {
        var left = Signals.WhiteNoise(0.1, Rate * 3);
        var right = left.Select(x => -x).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate));

        Assert.Equal(-1.0, a.StereoCorrelation!.Value, 6);
        Assert.NotNull(a.IntegratedLufs);
        Assert.Null(a.MonoFoldDownLufs);   // digital silence: below the gate, so null, not a number
        var check = a.Checks.Single(c => c.Id == "mono-compatibility");
        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Contains("polarity", check.Message);
    }

    [Fact]
    public void Nearly_inverted_pair_loses_the_loudness_the_power_sums_predict()
    {
        // R = -0.9 L: stereo power ∝ 1 + 0.81; the fold-down (L+R)/2 = 0.05 L on both speakers ∝ 2 · 0.0025.
        var left = Signals.WhiteNoise(0.1, Rate * 3);
        var right = left.Select(x => -0.9f * x).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate));

        Assert.Equal(-1.0, a.StereoCorrelation!.Value, 6);
        Assert.Equal(10 * Math.Log10(1.81 / 0.005), a.MonoFoldDownLossLu!.Value, LoudnessResolutionLu);
        Assert.Equal(CheckStatus.Warning, a.Checks.Single(c => c.Id == "mono-compatibility").Status);
    }

    [Fact]
    public void Identical_channels_have_correlation_1_and_lose_nothing_in_mono()
    {
        var noise = Signals.WhiteNoise(0.1, Rate * 3);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(noise, noise, Rate));
        Assert.Equal(1.0, a.StereoCorrelation!.Value, 6);
        Assert.Equal(0.0, a.MonoFoldDownLossLu!.Value, LoudnessResolutionLu);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "mono-compatibility").Status);
    }

    [Fact]
    public void Unrelated_channels_lose_3_LU_in_mono_and_pass()
    {
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(
            Signals.WhiteNoise(0.1, Rate * 5, seed: 1), Signals.WhiteNoise(0.1, Rate * 5, seed: 2), Rate));
        Assert.InRange(a.StereoCorrelation!.Value, -0.01, 0.01);
        // 10·log10(2) for equal, uncorrelated channels; ±0.05 LU for the residual correlation of 5 s of noise.
        Assert.Equal(3.01, a.MonoFoldDownLossLu!.Value, 0.05);
        Assert.Equal(CheckStatus.Pass, a.Checks.Single(c => c.Id == "mono-compatibility").Status);
    }
}
