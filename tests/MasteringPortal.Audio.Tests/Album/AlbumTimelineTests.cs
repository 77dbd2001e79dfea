using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Tests.Album;

/// <summary>
/// The album's layout (issue 20 §1): pauses, segues and crossfades put each track where the engineer asked, trims and
/// index points follow, the CD layout puts every track after a pause on a CD frame and gives track 1 its 2 s pregap, and
/// settings that cannot be honoured are refused with a sentence.
/// </summary>
public class AlbumTimelineTests
{
    const int Rate = 48000;

    static long S(double seconds, int rate = Rate) => (long)Math.Round(seconds * rate);

    [Fact]
    public void Pauses_put_each_track_after_the_silence_before_it()
    {
        var t = AlbumTimeline.Build(Rate, [new(S(10), PauseBeforeSeconds: 1), new(S(20), PauseBeforeSeconds: 3), new(S(5), PauseBeforeSeconds: 2)]);

        Assert.Equal([S(1), S(14), S(36)], t.Tracks.Select(p => p.StartFrame));
        Assert.Equal([0, S(11), S(34)], t.Tracks.Select(p => p.PauseStartFrame));
        Assert.Equal(S(41), t.LengthFrames);
        Assert.All(t.Tracks, p => Assert.Equal(0, p.CrossfadeInFrames + p.CrossfadeOutFrames));
    }

    [Fact]
    public void A_segue_starts_the_next_track_on_the_frame_after_the_last_one()
    {
        var t = AlbumTimeline.Build(Rate, [new(S(10) + 7, PauseBeforeSeconds: 0), new(S(4), PauseBeforeSeconds: 0)]);

        Assert.Equal(S(10) + 7, t.Tracks[1].StartFrame);
        Assert.Equal(t.Tracks[1].StartFrame, t.Tracks[1].PauseStartFrame);
        Assert.Equal(S(14) + 7, t.LengthFrames);
    }

    [Fact]
    public void A_crossfade_overlaps_the_two_tracks_and_ignores_the_pause()
    {
        var t = AlbumTimeline.Build(Rate, [new(S(10), PauseBeforeSeconds: 0), new(S(8), PauseBeforeSeconds: 5, CrossfadeSeconds: 2, CrossfadeCurve: FadeCurve.Linear)]);

        Assert.Equal(S(8), t.Tracks[1].StartFrame);
        Assert.Equal(S(2), t.Tracks[1].CrossfadeInFrames);
        Assert.Equal(S(2), t.Tracks[0].CrossfadeOutFrames);
        Assert.Equal(FadeCurve.Linear, t.Tracks[0].CrossfadeCurve);
        Assert.Equal(S(16), t.LengthFrames);
    }

    [Fact]
    public void Trims_shorten_the_track_and_index_points_count_from_its_new_start()
    {
        var t = AlbumTimeline.Build(Rate, [new(S(30), PauseBeforeSeconds: 2, TrimStartSeconds: 0.5, TrimEndSeconds: 1.5, IndexSeconds: [10, 20])]);

        var p = t.Tracks[0];
        Assert.Equal(S(0.5), p.SourceStartFrame);
        Assert.Equal(S(28), p.Frames);
        Assert.Equal([S(12), S(22)], p.IndexFrames);
        Assert.Equal(S(30), t.LengthFrames);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(88200)]
    [InlineData(96000)]
    public void On_CD_frames_every_track_after_a_pause_starts_on_a_frame_and_the_length_is_whole_frames(int rate)
    {
        var step = rate / 75;
        var t = AlbumTimeline.Build(rate,
        [
            new(S(61.123, rate) + 3, PauseBeforeSeconds: 0.4), // track 1 gets the 2 s pregap whatever is asked
            new(S(42.777, rate) + 11, PauseBeforeSeconds: 2.01),
            new(S(30.5, rate) + 5, PauseBeforeSeconds: 0.005), // a gap under a frame is still a gap
            new(S(20, rate), CrossfadeSeconds: 3.3333),
        ], cdFrames: true);

        Assert.Equal(2L * rate, t.Tracks[0].StartFrame);
        Assert.All(t.Tracks, p => Assert.Equal(0, p.StartFrame % step));
        Assert.Equal(0, t.LengthFrames % step);
        Assert.True(t.LengthFrames - t.Tracks[^1].EndFrame < step);
        for (var i = 1; i < t.Tracks.Count - 1; i++)
            Assert.True(t.Tracks[i].StartFrame > t.Tracks[i - 1].EndFrame, $"track {i + 1} keeps a gap");
        // Each gap is the one asked for, within half a CD frame.
        Assert.InRange(t.Tracks[1].StartFrame - t.Tracks[0].EndFrame - S(2.01, rate), -step / 2, step / 2);
        Assert.Equal(t.Tracks[2].EndFrame - t.Tracks[3].StartFrame, t.Tracks[3].CrossfadeInFrames);
        Assert.InRange(t.Tracks[3].CrossfadeInFrames - S(3.3333, rate), -step / 2, step / 2);
    }

    [Fact]
    public void The_CD_programme_takes_index_points_from_the_layout_and_rounds_a_segue_to_the_nearest_frame()
    {
        const int rate = 44100;
        var t = AlbumTimeline.Build(rate,
        [
            new(S(40, rate) + 100, PauseBeforeSeconds: 2, IndexSeconds: [10]),
            new(S(30, rate) + 400, PauseBeforeSeconds: 3),
            new(S(25, rate), PauseBeforeSeconds: 0), // segue: starts 400 + 100 frames past a CD frame boundary
        ], cdFrames: true);
        var codes = new AlbumTrackCodes[] { new("GBABC2400001", new("One", "Band")), new(null), new("GBABC2400003") };
        var cd = AlbumCdLayout.ToCdProgramme(t, codes, "0012345678905", new("The Album", "Band"));

        Assert.Equal([0L, 150], [cd.Tracks[0].Index0Frame, cd.Tracks[0].Index1Frame]);
        Assert.Equal([150L + 10 * 75], cd.Tracks[0].ExtraIndexes);
        Assert.Equal(t.Tracks[1].StartFrame / 588, cd.Tracks[1].Index1Frame);
        Assert.Equal(0, t.Tracks[1].StartFrame % 588);
        Assert.Equal((t.Tracks[0].EndFrame + 294) / 588, cd.Tracks[1].Index0Frame); // where the pause starts, to the nearest frame
        Assert.Equal((t.Tracks[2].StartFrame + 294) / 588, cd.Tracks[2].Index1Frame);
        Assert.Equal(cd.Tracks[2].Index0Frame, cd.Tracks[2].Index1Frame);
        Assert.Equal(t.LengthFrames / 588, cd.LengthFrames);
        Assert.Equal("GBABC2400001", cd.Tracks[0].Isrc);
        Assert.Equal("One", cd.Tracks[0].TextOrNone.Title);
        Assert.Equal("0012345678905", cd.UpcEan);
        Assert.True(cd.HasCdText);
    }

    [Fact]
    public void A_CD_needs_a_rate_made_of_whole_CD_frames()
    {
        var e = Assert.Throws<AlbumTimelineException>(() => AlbumTimeline.Build(32000 + 10, [new(S(10))], cdFrames: true));
        Assert.Contains("1/75 s", e.Message);
        Assert.Throws<InvalidOperationException>(() => AlbumCdLayout.ToCdProgramme(AlbumTimeline.Build(Rate, [new(S(10))]), [new()]));
    }

    [Theory]
    [InlineData(5.0, 0.0, 0.0, "longer than this track")]       // crossfade longer than the 4 s track
    [InlineData(0.0, 3.0, 1.5, "leave no audio")]
    [InlineData(-1.0, 0.0, 0.0, "zero or more")]
    public void Settings_that_cannot_be_honoured_are_refused_with_a_sentence(double crossfade, double trimStart, double trimEnd, string expected)
    {
        var plans = new AlbumTrackPlan[]
        {
            new(S(10)),
            new(S(4), CrossfadeSeconds: crossfade, TrimStartSeconds: trimStart, TrimEndSeconds: trimEnd + (trimStart > 0 ? 1 : 0)),
        };
        var e = Assert.Throws<AlbumTimelineException>(() => AlbumTimeline.Build(Rate, plans));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("Track 2", e.Message);
    }

    [Fact]
    public void Three_tracks_never_overlap()
    {
        // Track 2 is 5 s: crossfades of 3 s on both sides would make tracks 1 and 3 overlap inside it.
        var e = Assert.Throws<AlbumTimelineException>(() => AlbumTimeline.Build(Rate,
            [new(S(10)), new(S(5), CrossfadeSeconds: 3), new(S(10), CrossfadeSeconds: 3)]));
        Assert.StartsWith("Track 3", e.Message);
    }

    [Fact]
    public void An_index_point_outside_its_track_is_refused()
    {
        var e = Assert.Throws<AlbumTimelineException>(() => AlbumTimeline.Build(Rate, [new(S(10), IndexSeconds: [4, 12])]));
        Assert.Contains("index point 3", e.Message);
    }

    [Fact]
    public void CD_time_is_written_in_minutes_seconds_and_frames()
    {
        Assert.Equal("00:02:00", CdTime.Msf(150));
        Assert.Equal("79:57:00", CdTime.Msf(CdTime.MaximumProgrammeFrames));
        Assert.Equal("01:00:74", CdTime.Msf(60 * 75 + 74));
    }
}
