using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Tests.Workflow;

/// <summary>The passage a sample is made of: the portal's proposal (loudest sustained section) and its checks.</summary>
public sealed class SamplePassageTests
{
    /// <summary>A short-term loudness curve every 0.1 s: <paramref name="level"/> gives the value at time t.</summary>
    static float?[] Curve(double seconds, Func<double, float?> level) =>
        Enumerable.Range(0, (int)(seconds * 10)).Select(i => level(i / 10.0)).ToArray();

    [Fact]
    public void The_loudest_sustained_section_wins_over_a_single_louder_hit()
    {
        // A 4-minute song at -20 LUFS, a chorus at -12 LUFS from 1:30 to 2:30, and one 2-second hit at -4 LUFS at 0:40.
        var curve = Curve(240, t => t is >= 90 and < 150 ? -12f : t is >= 40 and < 42 ? -4f : -20f);
        var passage = SamplePassage.Propose(curve, 0.1, 240, 45);
        Assert.Equal(45, passage.LengthSeconds);
        // The chorus holds the whole 45 s window (allowing for the 3 s the short-term meter looks back).
        Assert.InRange(passage.StartSeconds, 87, 105);
        Assert.Null(passage.WhyNot(240));
    }

    [Fact]
    public void Silence_and_unmeasured_points_count_as_silence_and_ties_keep_the_earliest_start()
    {
        var flat = SamplePassage.Propose(Curve(120, _ => -14f), 0.1, 120, 30);
        Assert.Equal(0, flat.StartSeconds);
        var late = SamplePassage.Propose(Curve(120, t => t < 60 ? null : -18f), 0.1, 120, 30);
        Assert.InRange(late.StartSeconds, 57, 90);
    }

    [Fact]
    public void A_mix_shorter_than_the_length_gives_the_whole_mix_and_lengths_are_held_to_30_to_60_seconds()
    {
        Assert.Equal(new SamplePassage(0, 20), SamplePassage.Propose(Curve(20, _ => -10f), 0.1, 20, 30));
        Assert.Equal(60, SamplePassage.Propose(Curve(300, _ => -10f), 0.1, 300, 90).LengthSeconds);
        Assert.Equal(30, SamplePassage.Propose(Curve(300, _ => -10f), 0.1, 300, 5).LengthSeconds);
    }

    [Fact]
    public void A_passage_outside_the_mix_or_of_the_wrong_length_is_refused_in_words()
    {
        Assert.Equal("A sample is 30 to 60 seconds long.", new SamplePassage(0, 20).WhyNot(200));
        Assert.Equal("A sample is 30 to 60 seconds long.", new SamplePassage(0, 61).WhyNot(200));
        Assert.Equal("Choose where in the mix the sample starts.", new SamplePassage(-1, 30).WhyNot(200));
        Assert.Equal("Choose where in the mix the sample starts.", new SamplePassage(double.NaN, 30).WhyNot(200));
        Assert.Contains("runs past the end of the mix (3:20)", new SamplePassage(180, 30).WhyNot(200));
        Assert.Contains("shorter than 30 seconds", new SamplePassage(0, 30).WhyNot(25));
        Assert.Null(new SamplePassage(170, 30).WhyNot(200));
    }
}
