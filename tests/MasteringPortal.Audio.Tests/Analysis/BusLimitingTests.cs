using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class BusLimitingTests
{
    private const int Rate = 48000;

    private static CheckStatus BusLimiting(IntakeAnalysis a) => a.Checks.Single(c => c.Id == "bus-limiting").Status;

    [Fact]
    public void Loud_noise_held_under_a_ceiling_reads_as_a_mix_bus_limiter()
    {
        // Noise at -10.5 dBFS RMS, slowly swelling by ±3 dB, brick-walled at -1 dBFS: loud, dense, pinned.
        var noise = Signals.WhiteNoise(0.3, Rate * 20, seed: 11);
        var ceiling = (float)Math.Pow(10, -1 / 20.0);
        var limited = noise.Select((x, i) =>
        {
            var swell = (float)Math.Pow(10, 3 * Math.Sin(2 * Math.PI * i / (Rate * 10.0)) / 20);
            return Math.Clamp(x * swell, -ceiling, ceiling);
        }).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(limited, limited, Rate));

        Assert.True(a.PinnedPeakShare > 0.9, $"pinned share {a.PinnedPeakShare}");
        Assert.True(a.IntegratedLufs >= IntakeChecks.BusLimitedLoudnessLufs);
        Assert.True(a.PeakToLoudnessRatioDb <= IntakeChecks.BusLimitedPlrDb);
        Assert.Equal(CheckStatus.Problem, BusLimiting(a));
    }

    [Fact]
    public void A_dynamic_mix_whose_maximum_peak_happens_once_passes()
    {
        // One-second notes at levels from -20 to -6 dBFS; only one note reaches the maximum.
        double[] levelsDb = [-20, -14, -17, -11, -19, -9, -15, -6, -13, -18, -12, -16, -10, -20, -14, -17, -11, -19, -15, -13];
        var signal = levelsDb.SelectMany((db, n) => Signals.Sine(220 * (1 + n % 4), Math.Pow(10, db / 20), Rate, 1)).ToArray();
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(signal, signal, Rate));

        Assert.True(a.PinnedPeakShare < 0.3, $"pinned share {a.PinnedPeakShare}");
        Assert.Equal(CheckStatus.Pass, BusLimiting(a));
    }

    [Fact]
    public void Peaks_pinned_at_moderate_loudness_are_a_warning_not_a_problem()
    {
        var sine = Signals.Sine(1000, 0.1, Rate, 10);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(sine, Rate));
        Assert.Equal(1.0, a.PinnedPeakShare);
        Assert.True(a.IntegratedLufs < IntakeChecks.BusLimitedLoudnessLufs);
        Assert.Equal(CheckStatus.Warning, BusLimiting(a));
    }
}
