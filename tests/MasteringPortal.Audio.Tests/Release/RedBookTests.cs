using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>Each Red Book rule produces its own plain message, and a programme that keeps them all passes.</summary>
public sealed class RedBookTests
{
    private static CdProgramme Album => ReleaseFixtures.Album();

    private static CdProgramme WithTrack(CdProgramme p, int number, Func<CdTrack, CdTrack> change) =>
        p with { Tracks = p.Tracks.Select(t => t.Number == number ? change(t) : t).ToList() };

    private static string Single(CdProgramme p)
    {
        var problems = RedBook.Check(p);
        return Assert.Single(problems);
    }

    [Fact]
    public void The_test_album_keeps_every_rule() => Assert.Empty(RedBook.Check(Album));

    [Fact]
    public void A_track_shorter_than_4_seconds_is_named_with_its_length()
    {
        // Track 3 from index 01 @1200 to the end @1440: 240 frames = 3.2 s.
        var p = Album with { LengthFrames = 1440 };
        Assert.Equal("Track 3 is 3.2 s long; a CD track must be at least 4 s.", Single(p));
    }

    [Fact]
    public void A_track_is_measured_from_its_index_01_to_the_next_tracks_index_00()
    {
        // Track 1: 150 → 449 (track 2's pause starts there) = 299 frames, 3.98 s: too short, and shown as 3.9 s, not 4.0 s.
        var p = WithTrack(Album, 2, t => t with { Index0Frame = 449 });
        Assert.Equal("Track 1 is 3.9 s long; a CD track must be at least 4 s.", Single(p));

        var exactly4 = WithTrack(Album, 2, t => t with { Index0Frame = 450 });
        Assert.Empty(RedBook.Check(exactly4));
    }

    [Fact]
    public void The_first_track_must_start_at_least_2_seconds_into_the_disc()
    {
        var p = WithTrack(Album, 1, t => t with { Index1Frame = 100 });
        Assert.Equal("Track 1 starts 1.3 s into the disc (index 01 at 00:01:25); the first track must start at least 2 s (00:02:00) in, " +
                     "after the pause every CD begins with.", Single(p));
    }

    [Fact]
    public void The_first_tracks_pause_must_start_at_the_start_of_the_disc()
    {
        var p = WithTrack(Album, 1, t => t with { Index0Frame = 75 });
        Assert.Equal("Track 1's pause (index 00) must start at 00:00:00, the very start of the disc; here it starts at 00:01:00.", Single(p));
    }

    [Fact]
    public void An_index_00_after_index_01_is_refused()
    {
        var p = WithTrack(Album, 3, t => t with { Index0Frame = 1210 });
        var problems = RedBook.Check(p);
        Assert.Contains("Track 3's pause (index 00 at 00:16:10) comes after its start (index 01 at 00:16:00); the pause must come first, or be left out.", problems);
    }

    [Fact]
    public void Index_points_inside_a_track_must_rise()
    {
        var p = WithTrack(Album, 2, t => t with { ExtraIndexFrames = [600, 590] });
        Assert.Equal("Track 2's index 03 (at 00:07:65) must come after index 02 (at 00:08:00).", Single(p));
    }

    [Fact]
    public void A_track_may_not_start_before_the_previous_tracks_last_index_point()
    {
        var p = WithTrack(Album, 3, t => t with { Index0Frame = 590 });
        Assert.Contains("Track 3's pause (at 00:07:65) must come after track 2's last index point (at 00:08:00).", RedBook.Check(p));
    }

    [Fact]
    public void Track_numbers_must_run_from_1_without_gaps()
    {
        var p = WithTrack(Album, 3, t => t with { Number = 4 });
        Assert.Contains("Track numbers must run 1, 2, 3, … in order; track 3 of the programme is numbered 4.", RedBook.Check(p));
    }

    [Fact]
    public void A_disc_holds_1_to_99_tracks()
    {
        Assert.Contains("The programme has no tracks; a CD needs at least one.", RedBook.Check(new CdProgramme([], 1000)));

        var tracks = Enumerable.Range(1, 100).Select(n => new CdTrack(n, n == 1 ? 0 : 150 + (n - 1) * 300L, 150 + (n - 1) * 300L)).ToList();
        var problems = RedBook.Check(new CdProgramme(tracks, 150 + 100 * 300L));
        Assert.Equal("The programme has 100 tracks; a CD holds at most 99.", Assert.Single(problems));
    }

    [Fact]
    public void The_programme_may_be_at_most_79_57()
    {
        var max = CdTime.MaximumProgrammeFrames;
        var atLimit = new CdProgramme([new CdTrack(1, 0, 150)], max);
        Assert.Empty(RedBook.Check(atLimit));

        var over = atLimit with { LengthFrames = max + 1 };
        Assert.StartsWith("The programme is 79:57:01 long; a CD may hold at most 79:57:00", Single(over));
    }

    [Fact]
    public void An_index_point_at_or_after_the_end_is_refused()
    {
        var p = WithTrack(Album, 3, t => t with { ExtraIndexFrames = [1575] });
        Assert.Contains("Track 3 has an index point at 00:21:00, at or after the end of the programme (00:21:00).", RedBook.Check(p));
    }

    [Fact]
    public void An_invalid_isrc_is_reported_for_its_track()
    {
        var p = WithTrack(Album, 2, t => t with { Isrc = "GB-ABC-24-0001" });
        Assert.Equal("Track 2: ISRC \"GB-ABC-24-0001\" has 11 characters; an ISRC has 12 (two letters, three letters or digits, two digits for the year, five digits).",
            Single(p));
    }

    [Fact]
    public void Two_tracks_with_the_same_isrc_are_reported_even_when_written_differently()
    {
        var p = WithTrack(Album, 3, t => t with { Isrc = "gb-abc-24-00001" });
        Assert.Equal("Tracks 1 and 3 have the same ISRC GBABC2400001; every recording on a disc needs its own ISRC.", Single(p));
    }

    [Fact]
    public void An_invalid_upc_is_reported_with_the_expected_check_digit()
    {
        var p = Album with { UpcEan = "5012345678901" };
        Assert.Equal("UPC/EAN \"5012345678901\" ends in 1, but its check digit should be 0; a digit was probably mistyped.", Single(p));
    }

    [Fact]
    public void Every_problem_is_listed_not_just_the_first()
    {
        var p = WithTrack(Album with { UpcEan = "123" }, 1, t => t with { Index1Frame = 100, Isrc = "X" });
        Assert.Equal(3, RedBook.Check(p).Count);
        var e = Assert.Throws<CdProgrammeException>(() => RedBook.EnsureValid(p));
        Assert.Equal(3, e.Problems.Count);
        Assert.StartsWith("This programme can't be made into a CD master: ", e.Message);
    }
}
