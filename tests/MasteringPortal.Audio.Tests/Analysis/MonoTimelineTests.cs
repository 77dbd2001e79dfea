using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

/// <summary>
/// Mono and phase over time (issue 19 §4): band correlation and fold-down loss per analysis frame, measured on signals
/// whose answer is known from the power sums (identical sides, unrelated sides, one side inverted in a passage, bass in
/// opposite polarity under a centred mid and top), the gates, and the passages found for a threshold.
/// </summary>
public class MonoTimelineTests
{
    private const int Rate = 48000;
    private static readonly double Frame = LongTermSpectrumAnalyzer.FrameLengthFor(Rate) / (double)Rate;

    private static MonoTimeline Timeline(float[] left, float[] right) =>
        PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, right, Rate)).MonoTimeline!;

    /// <summary>Frames wholly inside [from, to) seconds.</summary>
    private static IEnumerable<int> FramesWithin(MonoTimeline t, double from, double to) =>
        Enumerable.Range(0, t.LossLu.Length).Where(i => i * t.FrameSeconds >= from && (i + 1) * t.FrameSeconds <= to);

    [Fact]
    public void Identical_sides_correlate_fully_in_every_band_and_lose_nothing()
    {
        var noise = Signals.WhiteNoise(0.1, Rate * 4);
        var t = Timeline(noise, noise);

        Assert.Equal(Frame, t.FrameSeconds, 9);
        Assert.Equal([MonoTimeline.LowMidHz, MonoTimeline.MidHighHz], t.BandEdgesHz);
        Assert.Equal((int)Math.Ceiling(Rate * 4 / (double)LongTermSpectrumAnalyzer.FrameLengthFor(Rate)), t.LossLu.Length);
        foreach (var band in new[] { t.LowCorrelation, t.MidCorrelation, t.HighCorrelation })
            Assert.All(band, r => Assert.Equal(1.0, r!.Value, 2));
        Assert.All(t.LossLu, loss => Assert.Equal(0.0, loss!.Value, 1));
    }

    [Fact]
    public void Unrelated_sides_lose_3_LU_in_every_frame_and_correlate_near_zero()
    {
        var t = Timeline(Signals.WhiteNoise(0.1, Rate * 6, seed: 1), Signals.WhiteNoise(0.1, Rate * 6, seed: 2));

        // (P_M + P_S) / P_M = 2 for unrelated sides of equal power: 3.01 LU; a frame holds thousands of independent
        // bins, so its estimate scatters by a few hundredths.
        Assert.All(t.LossLu, loss => Assert.InRange(loss!.Value, 2.8, 3.2));
        // The low band holds few bins per frame (about 68 below 200 Hz), so single frames scatter; their mean does not.
        Assert.InRange(t.LowCorrelation.Average(r => r!.Value), -0.1, 0.1);
        Assert.InRange(t.MidCorrelation.Average(r => r!.Value), -0.05, 0.05);
        Assert.All(t.HighCorrelation, r => Assert.InRange(r!.Value, -0.05, 0.05));
    }

    [Fact]
    public void A_passage_with_one_side_inverted_is_red_in_every_band_cancels_and_is_the_one_passage_found()
    {
        // A polarity flip on the right channel from 4 to 7 s, as a bad edit leaves it.
        var left = Signals.WhiteNoise(0.1, Rate * 10, seed: 3);
        var right = left.Select((x, i) => i >= 4 * Rate && i < 7 * Rate ? -x : x).ToArray();
        var t = Timeline(left, right);

        foreach (var i in FramesWithin(t, 4, 7))
        {
            Assert.Equal(-1.0, t.LowCorrelation[i]!.Value, 2);
            Assert.Equal(-1.0, t.MidCorrelation[i]!.Value, 2);
            Assert.Equal(-1.0, t.HighCorrelation[i]!.Value, 2);
            Assert.Equal(MonoTimeline.MaxLossLu, t.LossLu[i]!.Value);
        }
        foreach (var i in FramesWithin(t, 0, 4).Concat(FramesWithin(t, 7, 10)))
            Assert.Equal(0.0, t.LossLu[i]!.Value, 1);

        var passage = Assert.Single(t.Passages(3, 10));
        // It starts and ends within a frame of the flip (a frame straddling it counts when the flipped part of its
        // Hann window outweighs the rest).
        Assert.InRange(passage.StartSeconds, 4 - Frame, 4 + Frame);
        Assert.InRange(passage.EndSeconds, 7 - Frame, 7 + Frame);
        Assert.Equal(MonoTimeline.MaxLossLu, passage.WorstLossLu);
    }

    [Fact]
    public void Bass_in_opposite_polarity_under_a_centred_top_is_red_in_the_low_band_only()
    {
        // Shared noise (centred) plus a 60 Hz tone that is +x on the left and −x on the right.
        var centred = Signals.WhiteNoise(0.05, Rate * 5, seed: 4);
        var bass = Signals.Sine(60, 0.3, Rate, 5);
        var left = centred.Select((x, i) => x + bass[i]).ToArray();
        var right = centred.Select((x, i) => x - bass[i]).ToArray();
        var t = Timeline(left, right);

        foreach (var i in FramesWithin(t, 0, 5))
        {
            Assert.True(t.LowCorrelation[i] < -0.9, $"frame {i}: low {t.LowCorrelation[i]}");
            Assert.Equal(1.0, t.MidCorrelation[i]!.Value, 2);
            Assert.Equal(1.0, t.HighCorrelation[i]!.Value, 2);
        }
        // K-weighting turns 60 Hz down (about −1.5 dB power response at the RLB's corner region) but the tone still
        // dominates the frame's weighted power, so the fold-down loses several LU: the bass is what goes in mono.
        var frames = FramesWithin(t, 0, 5).ToList();
        Assert.All(frames, i => Assert.True(t.LossLu[i] > 3, $"frame {i}: loss {t.LossLu[i]}"));
    }

    [Fact]
    public void Frames_far_below_the_songs_loudness_and_silence_are_left_out()
    {
        // 3 s loud, 3 s 40 dB down, 2 s of digital silence: the quiet and silent frames carry no figures.
        var loud = Signals.WhiteNoise(0.1, Rate * 3, seed: 5);
        var quiet = Signals.WhiteNoise(0.001, Rate * 3, seed: 6);
        var left = Signals.Concat(loud, quiet, Signals.Silence(Rate, 2));
        var right = Signals.Concat(loud.Select(x => -x).ToArray(), quiet.Select(x => -x).ToArray(), Signals.Silence(Rate, 2));
        var t = Timeline(left, right);

        Assert.All(FramesWithin(t, 0, 3), i => Assert.Equal(MonoTimeline.MaxLossLu, t.LossLu[i]));
        Assert.All(FramesWithin(t, 3, 8), i =>
        {
            Assert.Null(t.LossLu[i]);
            Assert.Null(t.LowCorrelation[i]);
            Assert.Null(t.MidCorrelation[i]);
            Assert.Null(t.HighCorrelation[i]);
        });
        Assert.Single(t.Passages(3, 8));
    }

    [Fact]
    public void An_empty_band_has_no_correlation()
    {
        // A 1 kHz tone: the low and high bands hold only the window's leakage.
        var tone = Signals.Sine(1000, 0.25, Rate, 3);
        var t = Timeline(tone, tone);
        Assert.All(FramesWithin(t, 0, 3), i =>
        {
            Assert.Null(t.LowCorrelation[i]);
            Assert.Null(t.HighCorrelation[i]);
            Assert.Equal(1.0, t.MidCorrelation[i]!.Value, 2);
        });
    }

    [Fact]
    public void Mono_files_have_no_timeline()
    {
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Mono(Signals.WhiteNoise(0.1, Rate * 2), Rate));
        Assert.Null(a.MonoTimeline);
    }

    [Theory]
    [InlineData(new[] { 5f, 5f, 1f, 5f, 1f, 1f, 5f }, 3.0, "0-4 6-7")]  // one frame below joins; two do not
    [InlineData(new[] { 1f, 2f, 3f, 1f }, 3.0, "")]                    // at the threshold is not over it
    [InlineData(new[] { 40f, 4f, 1f }, 3.0, "0-2")]
    public void Passages_join_across_one_frame_below_the_threshold(float[] losses, double threshold, string expected)
    {
        var t = new MonoTimeline(1, [200, 2000], new float?[losses.Length], new float?[losses.Length], new float?[losses.Length],
            losses.Select(l => (float?)l).ToArray());
        var found = t.Passages(threshold, losses.Length);
        Assert.Equal(expected, string.Join(' ', found.Select(p => $"{p.StartSeconds:0}-{p.EndSeconds:0}")));
        Assert.All(found, p => Assert.Equal(losses.Skip((int)p.StartSeconds).Take((int)(p.EndSeconds - p.StartSeconds)).Max(), p.WorstLossLu));
    }

    [Fact]
    public void The_timeline_survives_the_stored_json_and_older_json_without_it_reads_as_none()
    {
        var left = Signals.WhiteNoise(0.1, Rate * 2, seed: 7);
        var a = PeakAndHeadroomTests.Analyze(ArrayAudioSource.Stereo(left, left.Select(x => -x).ToArray(), Rate));
        var back = IntakeAnalysis.FromJson(a.ToJson())!;
        Assert.Equal(a.MonoTimeline!.LossLu, back.MonoTimeline!.LossLu);
        Assert.Equal(a.MonoTimeline.LowCorrelation, back.MonoTimeline.LowCorrelation);
        Assert.Equal(a.MonoTimeline.FrameSeconds, back.MonoTimeline.FrameSeconds);

        var older = System.Text.Json.Nodes.JsonNode.Parse(a.ToJson())!.AsObject();
        older.Remove("monoTimeline");
        Assert.Null(IntakeAnalysis.FromJson(older.ToJsonString())!.MonoTimeline);
    }
}
