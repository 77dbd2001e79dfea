using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Tests.Analysis;

namespace MasteringPortal.Audio.Tests.Album;

/// <summary>
/// The album's samples (issue 20 §1): each master lands sample-exact where the timeline puts it (bit for bit when nothing
/// shapes it), pauses are digital silence, trims leave out the right samples, level changes and fades have the level the
/// curves say, and crossfades keep the level (linear, the same signal) or the power (equal power, unrelated signals).
/// Read in odd block sizes so that block edges never line up with track edges.
/// </summary>
public class AlbumAssemblerTests
{
    const int Rate = 44100;

    /// <summary>A stereo master whose every sample says which track and frame it is (left) and the track's sign (right).</summary>
    static float[] Numbered(int track, int frames)
    {
        var data = new float[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            data[2 * i] = track * 0.1f + i * 1e-7f;
            data[2 * i + 1] = -track * 0.1f;
        }
        return data;
    }

    static float[] Assemble(AlbumTimeline timeline, IReadOnlyList<float[]> masters, int block = 1013)
    {
        var opened = new List<int>();
        using var assembler = new AlbumAssembler(timeline, 2, p =>
        {
            opened.Add(p.Number);
            return new ArrayAudioSource(masters[p.Number - 1], new AudioFormat(Rate, 2, 24, SampleEncoding.Pcm, "wav"), maxFramesPerRead: 777);
        });
        var output = new float[timeline.LengthFrames * 2];
        var at = 0;
        var buffer = new float[block * 2];
        int got;
        while ((got = assembler.Read(buffer)) > 0)
        {
            buffer.AsSpan(0, got * 2).CopyTo(output.AsSpan(at));
            at += got * 2;
        }
        Assert.Equal(output.Length, at);
        Assert.Equal(Enumerable.Range(1, masters.Count), opened); // each master opened once, in order
        return output;
    }

    [Fact]
    public void Masters_land_bit_for_bit_where_the_timeline_puts_them_with_silence_between()
    {
        var masters = new[] { Numbered(1, 30_000), Numbered(2, 12_345), Numbered(3, 20_000) };
        var t = AlbumTimeline.Build(Rate, [new(30_000, PauseBeforeSeconds: 0.1), new(12_345, PauseBeforeSeconds: 0.25), new(20_000, PauseBeforeSeconds: 0)]);
        var album = Assemble(t, masters);

        for (var k = 0; k < 3; k++)
        {
            var p = t.Tracks[k];
            Assert.Equal(masters[k], album.AsSpan((int)p.StartFrame * 2, (int)p.Frames * 2).ToArray());
            Assert.All(album.AsSpan((int)p.PauseStartFrame * 2, (int)(p.StartFrame - p.PauseStartFrame) * 2).ToArray(), s => Assert.Equal(0f, s));
        }
        Assert.Equal(t.Tracks[1].EndFrame, t.Tracks[2].StartFrame); // the segue: no sample between
    }

    [Fact]
    public void Trims_leave_out_exactly_the_trimmed_samples()
    {
        var master = Numbered(1, 44_100);
        var t = AlbumTimeline.Build(Rate, [new(44_100, PauseBeforeSeconds: 0, TrimStartSeconds: 0.1, TrimEndSeconds: 0.2)]);
        var album = Assemble(t, [master]);

        Assert.Equal(master.AsSpan(4410 * 2, (44_100 - 4410 - 8820) * 2).ToArray(), album);
    }

    [Fact]
    public void A_level_change_and_fades_follow_their_curves()
    {
        var ones = Enumerable.Repeat(0.5f, 2 * 44_100).ToArray();
        var t = AlbumTimeline.Build(Rate, [new(44_100, PauseBeforeSeconds: 0, GainDb: -6, FadeInSeconds: 0.1, FadeInCurve: FadeCurve.Linear,
            FadeOutSeconds: 0.2, FadeOutCurve: FadeCurve.Exponential)]);
        var album = Assemble(t, [ones]);
        var gain = Math.Pow(10, -6 / 20.0);

        Assert.Equal(0.5 * gain, album[2 * 20_000], 6);                                   // the flat middle
        Assert.Equal(0.5 * gain * (2205 + 0.5) / 4410, album[2 * 2205], 6);              // halfway through the linear fade-in
        Assert.True(album[0] < 0.5 * gain / 1000);                                          // starts from (nearly) nothing
        // Halfway through the exponential fade-out it is 30 dB down (straight in dB over 60 dB), and a quarter of a dB more
        // from the small offset that lands the curve on silence instead of -60 dB.
        var half = 44_100 - 4410;
        Assert.InRange(20 * Math.Log10(album[2 * half] / (0.5 * gain)), -30.4, -30.1);
        Assert.InRange(20 * Math.Log10(album[2 * (half + 4410 / 2)] / (0.5 * gain)), -47, -46); // three quarters: 45 dB down, 46.7 with the offset
        Assert.True(album[^1] < 0.5 * gain * 1e-3);
    }

    [Fact]
    public void A_linear_crossfade_of_a_signal_with_itself_keeps_the_level_exactly()
    {
        var a = Enumerable.Repeat(0.25f, 2 * 30_000).ToArray();
        var t = AlbumTimeline.Build(Rate, [new(30_000, PauseBeforeSeconds: 0), new(30_000, CrossfadeSeconds: 0.3, CrossfadeCurve: FadeCurve.Linear)]);
        var album = Assemble(t, [a, a]);

        Assert.Equal(t.Tracks[0].EndFrame - Math.Round(0.3 * Rate), t.Tracks[1].StartFrame);
        Assert.All(album, s => Assert.Equal(0.25, s, 6));
    }

    [Fact]
    public void An_equal_power_crossfade_of_unrelated_signals_keeps_the_power()
    {
        var rng = new Random(7);
        float[] Noise() => Enumerable.Range(0, 2 * 44_100).Select(_ => (float)(rng.NextDouble() * 2 - 1) * 0.3f).ToArray();
        var (a, b) = (Noise(), Noise());
        var t = AlbumTimeline.Build(Rate, [new(44_100, PauseBeforeSeconds: 0), new(44_100, CrossfadeSeconds: 0.5, CrossfadeCurve: FadeCurve.EqualPower)]);
        var album = Assemble(t, [a, b]);

        double Power(int from, int frames) => album.AsSpan(2 * from, 2 * frames).ToArray().Average(s => (double)s * s);
        var before = Power(2000, 10_000);
        var start = (int)t.Tracks[1].StartFrame;
        var middle = Power(start + 11_025 - 2000, 4000); // around the middle of the 22 050-frame crossfade
        Assert.InRange(10 * Math.Log10(middle / before), -0.3, 0.3);
        // And each half has the curve's level: in the middle both are at sin(π/4).
        var mid = start + 11_025;
        var expected = (a[2 * (mid - (int)t.Tracks[0].StartFrame)] + b[2 * (mid - start)]) * Math.Sin(Math.PI / 4);
        Assert.Equal(expected, album[2 * mid], 2);
    }

    [Fact]
    public void A_master_shorter_than_its_layout_is_reported_in_words()
    {
        var t = AlbumTimeline.Build(Rate, [new(10_000, PauseBeforeSeconds: 0)]);
        var e = Assert.Throws<AudioFileException>(() => Assemble(t, [Numbered(1, 9_000)]));
        Assert.Contains("Track 1's master ended before", e.Message);
    }

    [Fact]
    public void A_master_at_another_rate_is_refused()
    {
        var t = AlbumTimeline.Build(Rate, [new(1000, PauseBeforeSeconds: 0)]);
        using var assembler = new AlbumAssembler(t, 2, _ => new ArrayAudioSource(new float[2000], new AudioFormat(48000, 2, 24, SampleEncoding.Pcm, "wav")));
        var e = Assert.Throws<AudioFileException>(() => assembler.Read(new float[2000]));
        Assert.Contains("48000 Hz", e.Message);
    }

    [Theory]
    [InlineData(FadeCurve.Linear)]
    [InlineData(FadeCurve.EqualPower)]
    [InlineData(FadeCurve.SCurve)]
    [InlineData(FadeCurve.Exponential)]
    public void Every_curve_runs_from_silence_to_full_and_only_rises(FadeCurve curve)
    {
        Assert.Equal(0, AlbumAssembler.Curve(curve, 0), 9);
        Assert.Equal(1, AlbumAssembler.Curve(curve, 1), 9);
        var previous = -1.0;
        for (var x = 0.0; x <= 1.0; x += 0.01)
        {
            var y = AlbumAssembler.Curve(curve, x);
            Assert.True(y >= previous, $"{curve} falls at {x}");
            previous = y;
        }
    }
}
