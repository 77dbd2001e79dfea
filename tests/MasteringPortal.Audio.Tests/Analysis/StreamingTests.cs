using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class StreamingTests
{
    [Fact]
    public void Results_do_not_depend_on_how_the_source_splits_its_reads()
    {
        const int rate = 44100;
        var left = Signals.Concat(Signals.Silence(rate, 0.7), Signals.WhiteNoise(0.2, rate * 6, seed: 5));
        var right = Signals.Concat(Signals.Silence(rate, 0.7), Signals.WhiteNoise(0.2, rate * 6, seed: 6));
        left[rate * 2] = left[rate * 2 + 1] = left[rate * 2 + 2] = 1f;

        var whole = IntakeAnalyzer.Analyze(ArrayAudioSource.Stereo(left, right, rate));
        var pieces = IntakeAnalyzer.Analyze(ArrayAudioSource.Stereo(left, right, rate, maxFramesPerRead: 997),
            options: new IntakeAnalyzerOptions(BlockFrames: 1500));

        Assert.Equal(whole.IntegratedLufs!.Value, pieces.IntegratedLufs!.Value, 9);
        Assert.Equal(whole.TruePeakDbtp, pieces.TruePeakDbtp);
        Assert.Equal(whole.Clipping, pieces.Clipping with { Events = whole.Clipping.Events });
        Assert.Equal(whole.Clipping.Events, pieces.Clipping.Events);
        Assert.Equal(whole.Silence, pieces.Silence);
        Assert.Equal(whole.EffectiveBitDepth, pieces.EffectiveBitDepth);
        Assert.Equal(whole.PinnedPeakShare, pieces.PinnedPeakShare);
        Assert.Equal(whole.StereoCorrelation!.Value, pieces.StereoCorrelation!.Value, 9);
        for (var b = 0; b < ThirdOctaveBands.Count; b++)
            Assert.Equal(whole.Spectrum.MidDb[b]!.Value, pieces.Spectrum.MidDb[b]!.Value, 6);
        for (var z = 0; z < 3; z++) Assert.Equal(whole.Waveforms![z].Data, pieces.Waveforms![z].Data);
        Assert.Equal(whole.Checks, pieces.Checks);
    }

    [Fact]
    public void Progress_reaches_1_and_cancellation_stops_the_pass()
    {
        var noise = Signals.WhiteNoise(0.1, 44100 * 2);
        var reports = new List<double>();
        IntakeAnalyzer.Analyze(ArrayAudioSource.Mono(noise, 44100), new SyncProgress(reports.Add));
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.SequenceEqual(reports.Order()));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => IntakeAnalyzer.Analyze(ArrayAudioSource.Mono(noise, 44100), ct: cancelled.Token));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
