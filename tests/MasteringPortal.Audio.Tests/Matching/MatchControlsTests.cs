using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// The controls of a match, checked on the settings it writes (no rendering): limits on boost and cut, weights of
/// several references, and per-aspect amounts (0 % = that aspect unchanged, 50 % = half way in dB).
/// </summary>
public class MatchControlsTests
{
    private const int Rate = 44100;
    private static readonly Lazy<float[]> SharedReference = new(() => MatchSignals.Reference(Rate, 12));

    private static ReferenceAnalysis Mix => KnownPairMatchingTests.Analyse(MatchSignals.Through(SharedReference.Value, Rate, MatchSignals.KnownEq, -6), Rate);

    private static ReferenceAnalysis Reference => KnownPairMatchingTests.Analyse(SharedReference.Value, Rate);

    /// <summary>The bands the accuracy is stated for.</summary>
    private static IEnumerable<int> AudibleBands => Enumerable.Range(0, ThirdOctaveBands.Count).Where(b => ThirdOctaveBands.NominalCentresHz[b] is >= 40 and <= 16000);

    [Theory]
    [InlineData(6, 6)]
    [InlineData(3, 2)]
    public void An_extreme_reference_cannot_push_the_EQ_past_its_limits(double maxBoostDb, double maxCutDb)
    {
        // A reference 15 dB heavier in the bass and 15 dB darker on top than the mix.
        EqBand[] extreme =
        [
            new() { Shape = EqBandShape.Bell, FrequencyHz = 100, GainDb = 15, Q = 0.7 },
            new() { Shape = EqBandShape.HighShelf, FrequencyHz = 6000, GainDb = -15, Q = 0.7 },
        ];
        var reference = KnownPairMatchingTests.Analyse(MatchSignals.Through(SharedReference.Value, Rate, extreme, 0), Rate);
        var match = ReferenceMatcher.Match(Reference, [new WeightedReference(reference)],
            new MatchOptions { Aspects = MatchAspects.Tone, MaxBoostDb = maxBoostDb, MaxCutDb = maxCutDb });

        var bands = match.Settings.Eq.Settings.Bands;
        var perBand = EqCurveFit.BandGainsDb(bands, Rate);
        Assert.All(perBand.Where(g => g is not null), g => Assert.InRange(g!.Value, -maxCutDb - 0.1, maxBoostDb + 0.1));
        Assert.True(perBand.Max() >= maxBoostDb - 0.3, $"the bass boost reaches the limit (max {perBand.Max():0.00} dB)");
        Assert.True(perBand.Min() <= -maxCutDb + 0.3, $"the top cut reaches the limit (min {perBand.Min():0.00} dB)");
        // Between band centres too: a dense sweep of the written EQ's response.
        for (var f = 20.0; f < 20000; f *= 1.02)
            Assert.InRange(EqDesign.MagnitudeDb(bands, f, Rate), -maxCutDb - 0.5, maxBoostDb + 0.5);
        Assert.Contains(match.Report.Notes, n => n.Contains("held at the limit"));
    }

    [Fact]
    public void A_reference_with_weight_zero_counts_for_nothing()
    {
        var dark = KnownPairMatchingTests.Analyse(MatchSignals.Through(SharedReference.Value, Rate, [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 3000, GainDb = -5 }], -3), Rate);
        var alone = ReferenceMatcher.Match(Mix, [new WeightedReference(Reference)]);
        var weighted = ReferenceMatcher.Match(Mix, [new WeightedReference(Reference, 1), new WeightedReference(dark, 0)]);
        Assert.Equal(alone.Settings.ToJson(), weighted.Settings.ToJson());
    }

    [Fact]
    public void Two_references_at_half_weight_land_between_them()
    {
        var bright = Reference;
        var dark = KnownPairMatchingTests.Analyse(MatchSignals.Through(SharedReference.Value, Rate, [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 3000, GainDb = -5 }], -4), Rate);
        var mix = Mix;
        var toBright = ReferenceMatcher.Match(mix, [new WeightedReference(bright)]).Report;
        var toDark = ReferenceMatcher.Match(mix, [new WeightedReference(dark)]).Report;
        var between = ReferenceMatcher.Match(mix, [new WeightedReference(bright, 0.5), new WeightedReference(dark, 0.5)]).Report;

        Assert.Equal((bright.IntegratedLufs!.Value + dark.IntegratedLufs!.Value) / 2, between.TargetLufs!.Value, 0.01);
        foreach (var b in AudibleBands)
        {
            // The combined reference is the mean of the two in dB, each relative to its own loudness.
            var expected = ((bright.LoudSpectrum.MidDb[b] - bright.IntegratedLufs) + (dark.LoudSpectrum.MidDb[b] - dark.IntegratedLufs)) / 2 + between.TargetLufs;
            Assert.Equal(expected!.Value, between.Reference.MidDb[b]!.Value, 0.02);
            var lo = Math.Min(toBright.Curves.ToneDb[b]!.Value, toDark.Curves.ToneDb[b]!.Value);
            var hi = Math.Max(toBright.Curves.ToneDb[b]!.Value, toDark.Curves.ToneDb[b]!.Value);
            // Between them, give or take the level-neutral offset (the log of a power sum, so the mean curve's offset
            // is not quite the mean of the two offsets) and the report's 0.01 dB rounding.
            Assert.InRange(between.Curves.ToneDb[b]!.Value, lo - 0.1, hi + 0.1);
        }
    }

    [Fact]
    public void Zero_percent_of_every_aspect_changes_nothing()
    {
        var mix = Mix;
        var baseSettings = RenderPresets.Load("acoustic-folk");
        var match = ReferenceMatcher.Match(mix, [new WeightedReference(Reference)], new MatchOptions
        {
            ToneAmountPercent = 0, LoudnessAmountPercent = 0, WidthAmountPercent = 0, DynamicsAmountPercent = 0, BaseSettings = baseSettings,
        });
        Assert.Equal(baseSettings.Eq, match.Settings.Eq);
        Assert.Equal(baseSettings.Compressor, match.Settings.Compressor);
        Assert.Equal(baseSettings.Imager, match.Settings.Imager);
        // Loudness at 0 %: the mix keeps its own level.
        Assert.Equal(mix.IntegratedLufs!.Value, match.Settings.Loudness!.TargetLufs, 0.01);
    }

    [Fact]
    public void Half_the_amount_goes_half_way_in_dB()
    {
        var mix = Mix;
        var reference = Reference;
        var full = ReferenceMatcher.Match(mix, [new WeightedReference(reference)]);
        var half = ReferenceMatcher.Match(mix, [new WeightedReference(reference)], new MatchOptions { ToneAmountPercent = 50, LoudnessAmountPercent = 50 });

        var fullEq = EqCurveFit.BandGainsDb(full.Settings.Eq.Settings.Bands, Rate);
        var halfEq = EqCurveFit.BandGainsDb(half.Settings.Eq.Settings.Bands, Rate);
        foreach (var b in AudibleBands)
            Assert.True(Math.Abs(halfEq[b]!.Value - fullEq[b]!.Value / 2) <= 0.15,
                $"{ThirdOctaveBands.NominalCentresHz[b]} Hz: half {halfEq[b]:0.00} dB, full {fullEq[b]:0.00} dB");
        Assert.Equal((mix.IntegratedLufs!.Value + reference.IntegratedLufs!.Value) / 2, half.Settings.Loudness!.TargetLufs, 0.01);
    }

    [Fact]
    public void Aspects_not_asked_for_are_left_to_the_base_settings()
    {
        var baseSettings = RenderPresets.Load("rock");
        var match = ReferenceMatcher.Match(Mix, [new WeightedReference(Reference)], new MatchOptions { Aspects = MatchAspects.Tone, BaseSettings = baseSettings });
        Assert.Equal(baseSettings.Loudness, match.Settings.Loudness);
        Assert.Equal(baseSettings.Compressor, match.Settings.Compressor);
        Assert.True(match.Settings.Eq.Enabled);
        Assert.Equal(EqChannelMode.Stereo, match.Settings.Eq.Settings.Mode);
        Assert.Empty(RenderSettingsValidator.Validate(match.Settings));
        // The match is an ordinary settings document: it survives its own JSON.
        Assert.Equal(match.Settings.ToJson(), RenderSettings.FromJson(match.Settings.ToJson()).ToJson());
    }

    [Fact]
    public void A_mix_that_moves_more_than_the_reference_gets_a_compressor_and_one_that_moves_less_does_not()
    {
        var reference = Reference;
        // The same material with a ±9 dB arrangement swell: a much wider loudness range.
        var dynamic = MatchSignals.Reference(Rate, 24, swellDb: 9);
        var mix = KnownPairMatchingTests.Analyse(dynamic, Rate);
        Assert.True(mix.LoudnessRangeLu > reference.LoudnessRangeLu + 3);

        var match = ReferenceMatcher.Match(mix, [new WeightedReference(reference)]);
        Assert.True(match.Settings.Compressor.Enabled);
        var full = match.Settings.Compressor.Settings.Ratio;
        Assert.InRange(full, 1.5, 4);
        var half = ReferenceMatcher.Match(mix, [new WeightedReference(reference)], new MatchOptions { DynamicsAmountPercent = 50 });
        Assert.Equal(1 + (full - 1) / 2, half.Settings.Compressor.Settings.Ratio, 0.01);

        var reverse = ReferenceMatcher.Match(reference, [new WeightedReference(mix)]);
        Assert.Equal(new RenderSettings().Compressor, reverse.Settings.Compressor);
        Assert.Contains(reverse.Report.Notes, n => n.Contains("never expands"));
    }

    [Fact]
    public void Refused_input_gets_a_message_not_a_crash()
    {
        var silent = KnownPairMatchingTests.Analyse(new float[Rate * 2 * 4], Rate);
        Assert.Contains("silent", Assert.Throws<MatchException>(() => ReferenceMatcher.Match(Mix, [new WeightedReference(silent, 1, "silence.wav")])).Message);
        Assert.Contains("silent", Assert.Throws<MatchException>(() => ReferenceMatcher.Match(silent, [new WeightedReference(Reference)])).Message);
        Assert.Contains("weight", Assert.Throws<MatchException>(() => ReferenceMatcher.Match(Mix, [new WeightedReference(Reference, 0)])).Message);
        Assert.Contains("reference", Assert.Throws<MatchException>(() => ReferenceMatcher.Match(Mix, [])).Message);
        Assert.Contains("amount", Assert.Throws<MatchException>(() => ReferenceMatcher.Match(Mix, [new WeightedReference(Reference)], new MatchOptions { ToneAmountPercent = 150 })).Message);
    }
}

/// <summary>
/// A match's progress (what the portal's match job shows): one fraction for the mix and every reference analysed at
/// once, then the refinement's trial render and analysis; it never goes back and ends at 1.
/// </summary>
public class MatchProgressTests
{
    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value)
        {
            lock (Values) Values.Add(value);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_progress_of_a_match_rises_through_the_analyses_and_the_refinement_to_1(bool refine)
    {
        const int rate = 44100;
        var folder = Directory.CreateTempSubdirectory("mp-match-progress-");
        try
        {
            var reference = MatchSignals.Reference(rate, 8);
            var mix = MatchSignals.Write(Path.Combine(folder.FullName, "mix.wav"), rate, MatchSignals.Through(reference, rate, MatchSignals.KnownEq, -6));
            var first = MatchSignals.Write(Path.Combine(folder.FullName, "reference.wav"), rate, reference);
            var second = MatchSignals.Write(Path.Combine(folder.FullName, "quieter.wav"), rate, MatchSignals.Scaled(reference, -4));
            var progress = new Recorder();

            ReferenceMastering.Match(mix, [new ReferenceFile(first), new ReferenceFile(second, 0.5)],
                new MatchOptions { RefineOnTrialRender = refine }, MasteringPortal.Audio.Codecs.AudioTools.FromPath(), progress: progress);

            var values = progress.Values;
            Assert.Equal(values.Order(), values);
            Assert.Equal(1.0, values[^1]);
            // Partial steps were seen: the analyses' part (the first 60 % when a refinement follows), and the refinement's.
            Assert.Contains(values, v => v is > 0 and < 0.6);
            if (refine) Assert.Contains(values, v => v is > 0.6 and < 1);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
