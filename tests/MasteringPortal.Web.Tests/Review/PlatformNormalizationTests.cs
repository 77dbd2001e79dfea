using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Web.Features.Review;

namespace MasteringPortal.Web.Tests.Review;

public sealed class PlatformNormalizationTests
{
    static PlatformRule Rule(string name) => PlatformRule.All.Single(r => r.Name == name);

    [Fact]
    public void A_loud_master_is_turned_down_to_each_target()
    {
        var spotify = Rule("Spotify").Apply(-8.0, -0.8);
        Assert.Equal(-6.0, spotify.GainDb);
        Assert.Equal("Spotify turns this down 6.0 dB.", spotify.Sentence);
        Assert.Equal(-8.0, Rule("Apple Music").Apply(-8.0, -0.8).GainDb);
        Assert.Equal(-6.0, Rule("YouTube").Apply(-8.0, -0.8).GainDb);
    }

    [Fact]
    public void Spotify_lifts_a_quiet_master_only_as_far_as_its_peak_limit_as_its_own_example_says()
    {
        // Spotify's help page: -20 LUFS with a true peak of -5 dB is lifted only to -16 LUFS.
        var p = Rule("Spotify").Apply(-20.0, -5.0);
        Assert.Equal(4.0, p.GainDb);
        Assert.Equal("Spotify turns this up only 4.0 dB of the 6.0 dB it wants, to keep the peaks at -1.0 dBTP.", p.Sentence);
    }

    [Fact]
    public void Apple_music_turns_up_within_its_peak_limit_and_youtube_leaves_a_quiet_master_alone()
    {
        var apple = Rule("Apple Music").Apply(-17.0, -6.0);
        Assert.Equal((1.0, "Apple Music turns this up 1.0 dB, within its peak limit."), (apple.GainDb, apple.Sentence));
        var youtube = Rule("YouTube").Apply(-17.0, -6.0);
        Assert.Equal(0, youtube.GainDb);
        Assert.Equal("YouTube leaves this as it is: it plays 3.0 dB quieter than tracks at -14 LUFS.", youtube.Sentence);
    }

    [Fact]
    public void A_quiet_master_with_peaks_at_the_limit_cannot_be_lifted_and_a_master_at_target_is_left_alone()
    {
        var pinned = Rule("Spotify").Apply(-18.0, -0.5);
        Assert.Equal(0, pinned.GainDb);
        Assert.StartsWith("Spotify cannot turn this up", pinned.Sentence);
        Assert.Equal("Tidal plays this as it is (it is at its -14 LUFS target).", Rule("Tidal").Apply(-14.02, -1).Sentence);
    }

    [Fact]
    public void The_overview_waveform_folds_the_channels_so_a_peak_in_either_shows()
    {
        // Two channels, 4 pixels: the right channel hits full scale in pixel 2 only.
        short[] data = [-10, 10, -5, 5, -12, 12, -6, 6, -8, 8, -128, 127, -3, 3, -2, 2];
        var overview = ReviewFigureBuilder.Overview([new WaveformPeaks(2, 2, 44100, 4096, 8, 4, data)])!;
        Assert.Equal(128, overview.FullScale);
        Assert.Equal([-10, -12, -128, -3], overview.Min.Select(v => (int)v));
        Assert.Equal([10, 12, 127, 3], overview.Max.Select(v => (int)v));
        Assert.Equal(4096.0 / 44100, overview.SecondsPerColumn, 9);
    }

    [Fact]
    public void A_long_waveform_is_merged_to_the_column_limit_keeping_the_extremes()
    {
        var length = ReviewFigureBuilder.WaveformColumns * 3 + 1;
        var data = new short[length * 2];
        for (var i = 0; i < length; i++) { data[2 * i] = -1; data[2 * i + 1] = 1; }
        data[2 * 1000 + 1] = 99;
        var overview = ReviewFigureBuilder.Overview([new WaveformPeaks(2, 1, 48000, 1024, 8, length, data)])!;
        Assert.True(overview.Max.Length <= ReviewFigureBuilder.WaveformColumns);
        Assert.Equal(99, overview.Max.Max());
        Assert.Equal(1024.0 * 4 / 48000, overview.SecondsPerColumn, 9);
    }
}
