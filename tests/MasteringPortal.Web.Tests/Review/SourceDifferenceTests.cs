using MasteringPortal.Web.Features.Review;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>The difference between two sources' stored figures, against numbers worked out by hand.</summary>
public sealed class SourceDifferenceTests
{
    static ReviewFigures Figures(double integrated, double[] seconds, double?[] lufs, double[] hz, double?[] db) =>
        new(seconds.Length, integrated, null, null, null, null, [], null, new ReviewCurve(seconds, lufs), new ReviewSpectrum(hz, db));

    static readonly double[] TwentySeconds = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
    static readonly double[] Bands = [50, 100, 1000, 8000];

    [Fact]
    public void A_second_half_3_LU_louder_and_a_darker_top_are_found_and_said_in_words()
    {
        // A: -14 LUFS throughout, flat spectrum. B: the same for 10 s, then 3 LU louder; +3, +3, +1, -1 dB per band.
        var a = Figures(-14, TwentySeconds, TwentySeconds.Select(_ => (double?)-14).ToArray(), Bands, [0, 0, 0, 0]);
        var b = Figures(-12.2, TwentySeconds, TwentySeconds.Select(t => (double?)(t < 10 ? -14 : -11)).ToArray(), Bands, [3, 3, 1, -1]);

        var diff = SourceDifferences.Compare("Mix", a, "Revision 2", b);

        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], diff.LoudnessLu.Select(d => d!.Value));
        Assert.Equal([3, 3, 1, -1], diff.BandDb.Select(d => d!.Value));
        // Overall: -12.2 − (-14) = 1.8 LU. The 5 s window with the largest mean (3 LU) starts at 10 s; it widens to the
        // end (every later point is within 1 LU of 3) but not before 10 s (0 is 3 LU away), so 0:10 to 0:20.
        // Tone: the mean band difference is (3+3+1−1)/4 = 1.5 dB; relative, the bands read +1.5, +1.5, −0.5, −2.5:
        // below 250 Hz +1.5 dB, above 4 kHz −2.5 dB.
        Assert.Equal(
        [
            "Revision 2 is 1.8 LU louder than the mix overall.",
            "Revision 2 is 3.0 LU louder from 0:10 to 0:20.",
            "Compared at equal loudness, Revision 2 has 1.5 dB more low end (below 250 Hz) and 2.5 dB less top end (above 4 kHz).",
        ], diff.Sentences);
    }

    [Fact]
    public void Gated_points_and_points_past_the_end_of_b_have_no_difference_and_b_is_read_between_its_points()
    {
        // B's points fall half-way between A's: at t = 1 B reads half-way between -12 (0.5 s) and -10 (1.5 s) = -11.
        var a = Figures(-20, [0, 1, 2, 3], [null, -20, -20, -20], [1000], [0]);
        var b = Figures(-20.2, [0.5, 1.5, 2.5], [-12, -10, null], [1000], [0.4]);

        var diff = SourceDifferences.Compare("Revision 1", a, "Reference “Giorgio”", b);

        // t=0: A is gated. t=1: -11 − (-20) = 9. t=2: B's right neighbour is gated. t=3: past B's end.
        Assert.Equal([null, 9.0, null, null], diff.LoudnessLu);
        Assert.Equal(
        [
            "Reference “Giorgio” and Revision 1 are equally loud overall (within 0.5 LU).",
            "At equal loudness Reference “Giorgio” and Revision 1 have the same tonal balance (within 1 dB).",
        ], diff.Sentences);
    }

    [Fact]
    public void A_difference_that_holds_throughout_is_said_once_overall_not_again_as_a_passage()
    {
        var a = Figures(-14, TwentySeconds, TwentySeconds.Select(_ => (double?)-14).ToArray(), Bands, [0, 0, 0, 0]);
        var b = Figures(-11, TwentySeconds, TwentySeconds.Select(_ => (double?)-11).ToArray(), Bands, [3, 3, 3, 3]);

        var diff = SourceDifferences.Compare("Revision 1", a, "Revision 2", b);

        Assert.Equal(
        [
            "Revision 2 is 3.0 LU louder than Revision 1 overall.",
            "At equal loudness Revision 2 and Revision 1 have the same tonal balance (within 1 dB).",
        ], diff.Sentences);
    }
}
