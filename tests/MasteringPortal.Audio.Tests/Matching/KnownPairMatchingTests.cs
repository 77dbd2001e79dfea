using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Analysis;
using MasteringPortal.Audio.Tests.Render;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// The matcher's acceptance: a mix that is the reference through a known EQ and gain, matched and rendered, comes back
/// within 0.5 dB per 1/3-octave band from 40 Hz to 16 kHz and within 0.3 LU of the reference's loudness, at the
/// mix's own sample rate.
/// </summary>
public class KnownPairMatchingTests
{
    private const double BandToleranceDb = 0.5;
    private const double LoudnessToleranceLu = 0.3;

    [Theory]
    [InlineData(44100)]
    [InlineData(96000)]
    public void A_mix_through_a_known_EQ_and_gain_comes_back_to_the_reference(int rateHz)
    {
        using var dir = new RenderTestFolder();
        var seconds = rateHz > 48000 ? 12 : 20;
        var reference = MatchSignals.Reference(rateHz, seconds);
        var mix = MatchSignals.Through(reference, rateHz, MatchSignals.KnownEq, gainDb: -6);
        var refPath = MatchSignals.Write(dir.File("reference.wav"), rateHz, reference);
        var mixPath = MatchSignals.Write(dir.File("mix.wav"), rateHz, mix);

        var result = ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], new MatchOptions(),
            new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        Assert.Equal(rateHz, AudioFile.Probe(result.Render.Files[0].Path, Ffmpeg.Tools).Format.SampleRateHz);
        var master = result.Match.Report.Master!;
        var target = result.Match.Report.Reference;
        AssertBandsMatch(target.MidDb, master.MidDb, "mid");
        AssertBandsMatch(target.SideDb, master.SideDb, "side");
        Assert.InRange(master.IntegratedLufs!.Value, target.IntegratedLufs!.Value - LoudnessToleranceLu, target.IntegratedLufs.Value + LoudnessToleranceLu);
    }

    [Fact]
    public void A_96_kHz_mix_matched_to_a_44k1_reference_stays_at_96_kHz_and_comes_back()
    {
        using var dir = new RenderTestFolder();
        var reference = MatchSignals.Reference(44100, 12);
        var mix = MatchSignals.Through(MatchSignals.Resampled(reference, 44100, 96000), 96000, MatchSignals.KnownEq, gainDb: -3);
        var refPath = MatchSignals.Write(dir.File("reference.wav"), 44100, reference);
        var mixPath = MatchSignals.Write(dir.File("mix.wav"), 96000, mix);

        var result = ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], new MatchOptions(),
            new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        Assert.Equal(96000, AudioFile.Probe(result.Render.Files[0].Path, Ffmpeg.Tools).Format.SampleRateHz);
        var report = result.Match.Report;
        AssertBandsMatch(report.Reference.MidDb, report.Master!.MidDb, "mid");
        AssertBandsMatch(report.Reference.SideDb, report.Master.SideDb, "side");
        Assert.InRange(report.Master.IntegratedLufs!.Value, report.Reference.IntegratedLufs!.Value - LoudnessToleranceLu, report.Reference.IntegratedLufs.Value + LoudnessToleranceLu);
    }

    [Fact]
    public void A_mix_with_a_narrower_top_gets_the_references_width_back()
    {
        const int rate = 44100;
        using var dir = new RenderTestFolder();
        var reference = MatchSignals.Reference(rate, 20);
        // The side loses 4 dB above 3 kHz on top of the known EQ: the width match has to give it back.
        EqBand[] sideEq = [.. MatchSignals.KnownEq, new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 3000, GainDb = -4, Q = 0.7 }];
        var mix = MatchSignals.Through(reference, rate, MatchSignals.KnownEq, gainDb: -4, sideBands: sideEq);
        var refPath = MatchSignals.Write(dir.File("reference.wav"), rate, reference);
        var mixPath = MatchSignals.Write(dir.File("mix.wav"), rate, mix);

        var result = ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], new MatchOptions(),
            new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        Assert.Equal(EqChannelMode.MidSide, result.Match.Settings.Eq.Settings.Mode);
        var report = result.Match.Report;
        Assert.True(report.Mix.WidthDb[25]!.Value < report.Reference.WidthDb[25]!.Value - 3, "the mix starts narrower at 6.3 kHz");
        AssertBandsMatch(report.Reference.MidDb, report.Master!.MidDb, "mid");
        AssertBandsMatch(report.Reference.SideDb, report.Master.SideDb, "side");
    }

    [Fact]
    public void Matching_dynamics_narrows_a_mix_that_moves_more_than_its_reference()
    {
        const int rate = 44100;
        using var dir = new RenderTestFolder();
        var refPath = MatchSignals.Write(dir.File("reference.wav"), rate, MatchSignals.Reference(rate, 32, swellDb: 2));
        var mixPath = MatchSignals.Write(dir.File("mix.wav"), rate, MatchSignals.Reference(rate, 32, lufs: -20, seed: 3, swellDb: 8));
        ReferenceFile[] references = [new(refPath)];

        var without = ReferenceMastering.Render(mixPath, references,
            new MatchOptions { Aspects = MatchAspects.Tone | MatchAspects.Loudness }, new RenderOutputs(dir.Path, "plain"), Ffmpeg.Tools);
        var with = ReferenceMastering.Render(mixPath, references, new MatchOptions(), new RenderOutputs(dir.Path, "dynamic"), Ffmpeg.Tools);

        var target = with.Match.Report.Reference.LoudnessRangeLu!.Value;
        var before = without.Match.Report.Master!.LoudnessRangeLu!.Value;
        var after = with.Match.Report.Master!.LoudnessRangeLu!.Value;
        Assert.True(with.Match.Settings.Compressor.Enabled);
        Assert.True(after < before - 1, $"LRA {before:0.0} LU without the dynamics match, {after:0.0} LU with it (reference {target:0.0} LU)");
        Assert.True(Math.Abs(after - target) < Math.Abs(before - target));
        Assert.InRange(with.Match.Report.Master.IntegratedLufs!.Value, with.Match.Report.TargetLufs!.Value - LoudnessToleranceLu, with.Match.Report.TargetLufs.Value + LoudnessToleranceLu);
    }

    [Fact]
    public void The_written_EQ_is_the_inverse_of_the_known_EQ_up_to_a_level_offset()
    {
        const int rate = 48000;
        var reference = MatchSignals.Reference(rate, 20);
        var mix = MatchSignals.Through(reference, rate, MatchSignals.KnownEq, gainDb: 3);
        var match = ReferenceMatcher.Match(Analyse(mix, rate), [new WeightedReference(Analyse(reference, rate))],
            new MatchOptions { Aspects = MatchAspects.Tone, SmoothingOctaves = 0 });

        var written = EqCurveFit.BandGainsDb(match.Settings.Eq.Settings.Bands, rate);
        var known = EqCurveFit.BandGainsDb(MatchSignals.KnownEq, rate);
        var bands = Enumerable.Range(0, ThirdOctaveBands.Count).Where(b => ThirdOctaveBands.NominalCentresHz[b] is >= 40 and <= 16000).ToArray();
        var sum = bands.Select(b => written[b]!.Value + known[b]!.Value).ToArray();
        var offset = sum.Average();
        foreach (var b in bands)
            Assert.True(Math.Abs(sum[Array.IndexOf(bands, b)] - offset) <= 0.25,
                $"{ThirdOctaveBands.NominalCentresHz[b]} Hz: written {written[b]:0.00} dB against known {known[b]:0.00} dB (offset {offset:0.00})");
    }

    internal static ReferenceAnalysis Analyse(float[] interleaved, int rateHz, int channels = 2) =>
        ReferenceAnalyzer.Analyze(new ArrayAudioSource(interleaved, new AudioFormat(rateHz, channels, 32, SampleEncoding.Float, "wav")));

    private static void AssertBandsMatch(double?[] expected, double?[] actual, string signal)
    {
        for (var b = 0; b < ThirdOctaveBands.Count; b++)
        {
            var hz = ThirdOctaveBands.NominalCentresHz[b];
            if (hz is < 40 or > 16000) continue;
            Assert.True(expected[b] is not null && actual[b] is not null, $"{signal} {hz} Hz has no level");
            var error = actual[b]!.Value - expected[b]!.Value;
            Assert.True(Math.Abs(error) <= BandToleranceDb, $"{signal} {hz} Hz: master {actual[b]:0.00} dB, reference {expected[b]:0.00} dB ({error:+0.00;-0.00} dB)");
        }
    }
}
