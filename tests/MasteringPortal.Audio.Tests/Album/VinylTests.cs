using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Analysis;

namespace MasteringPortal.Audio.Tests.Album;

/// <summary>
/// Vinyl (issue 20 §3): the album laid out on sides (balanced, or broken where the engineer says; a double LP when one
/// record cannot hold it; a side's length in words), the pre-master's mono bass measured on tones, the render settings
/// without the limiter, the high-frequency check finding bursts where they are, and a side written as its own WAV:
/// its length to the sample, its first samples the first track's own after the filter.
/// </summary>
public sealed class VinylTests : IDisposable
{
    const int Rate = 48000;
    const double Lsb24 = 1.0 / (1 << 23);

    readonly string _folder = Directory.CreateTempSubdirectory("mp-vinyl-").FullName;
    readonly AudioTools _tools = AudioTools.FromPath();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static double[] Minutes(params double[] minutes) => minutes.Select(m => m * 60).ToArray();

    // ---- Sides -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Ten_four_minute_tracks_on_a_12_inch_LP_make_two_twenty_minute_sides_in_order()
    {
        var plan = VinylSides.Split(Enumerable.Repeat(240.0, 10).ToList(), VinylFormat.Lp12At33);

        Assert.Equal(1, plan.Records);
        Assert.Equal(["A", "B"], plan.Sides.Select(s => s.Label));
        Assert.Equal([1, 2, 3, 4, 5], plan.Sides[0].TrackNumbers);
        Assert.Equal([6, 7, 8, 9, 10], plan.Sides[1].TrackNumbers);
        Assert.All(plan.Sides, s => Assert.Equal(1200, s.Seconds, 9));
        Assert.All(plan.Sides, s => Assert.Equal(VinylSideStatus.Fine, s.Status));
        Assert.True(plan.Fits);
        Assert.Equal("Side A runs 20:00: it cuts at full level on a 12-inch LP at 33⅓ (up to 20:00 a side).", plan.Sides[0].Message);
    }

    [Fact]
    public void The_balanced_split_makes_the_longest_side_as_short_as_the_order_allows_counting_the_pauses_within_a_side()
    {
        double[] tracks = [312, 205, 251, 398, 176, 224, 263, 189, 301];
        double[] gaps = [2, 2, 1.5, 0, 3, 2, -4, 2, 2.5]; // track 7 crossfades 4 s with track 6
        var plan = VinylSides.Split(tracks, VinylFormat.Lp12At33, gapBeforeSeconds: gaps);

        // Every break after track k, worked out here from the lengths: the side's tracks and the gaps inside it only.
        double Side(int from, int to) => tracks[from..to].Sum() + gaps[(from + 1)..to].Sum();
        var best = Enumerable.Range(1, tracks.Length - 1).Min(k => Math.Max(Side(0, k), Side(k, tracks.Length)));
        var a = plan.Sides[0].TrackNumbers.Count;
        Assert.Equal(best, Math.Max(plan.Sides[0].Seconds, plan.Sides[1].Seconds), 9);
        Assert.Equal(Side(0, a), plan.Sides[0].Seconds, 9);
        Assert.Equal(Side(a, tracks.Length), plan.Sides[1].Seconds, 9);
        Assert.Equal(Enumerable.Range(1, tracks.Length), plan.Sides.SelectMany(s => s.TrackNumbers));
    }

    [Fact]
    public void An_album_one_LP_cannot_hold_becomes_a_double_LP_or_is_refused_in_words()
    {
        var tracks = Enumerable.Repeat(240.0, 14).ToList(); // 56 minutes
        var plan = VinylSides.Split(tracks, VinylFormat.Lp12At33);

        Assert.Equal(2, plan.Records);
        Assert.Equal(["A", "B", "C", "D"], plan.Sides.Select(s => s.Label));
        Assert.Equal([1, 1, 2, 2], plan.Sides.Select(s => s.Record));
        Assert.Equal(Enumerable.Range(1, 14), plan.Sides.SelectMany(s => s.TrackNumbers));
        Assert.Equal(16 * 60, plan.Sides.Max(s => s.Seconds), 9); // 4 + 3 + 4 + 3 tracks: no layout has a shorter longest side
        Assert.True(plan.Fits);
        Assert.Contains("a double LP", plan.Summary);

        var single = VinylSides.Split(tracks, VinylFormat.Lp12At33, maxRecords: 1);
        Assert.False(single.Fits);
        Assert.All(single.Sides, s => Assert.Equal(VinylSideStatus.TooLong, s.Status));
        Assert.Equal(
            "Side A runs 28:00: longer than a side of a 12-inch LP at 33⅓ can hold (25:00 at most), so it will not be cut like this; split the album over two records (a double LP).",
            single.Sides[0].Message);
        Assert.Contains("Allow a double LP", single.Summary);
    }

    [Fact]
    public void A_forced_break_keeps_the_engineers_sides_and_says_what_a_long_side_costs()
    {
        var tracks = Enumerable.Repeat(240.0, 10).ToList();

        var early = VinylSides.Split(tracks, VinylFormat.Lp12At33, sideABreakAfter: 3);
        Assert.Equal([1, 2, 3], early.Sides[0].TrackNumbers);
        Assert.Equal((VinylSideStatus.Fine, VinylSideStatus.TooLong), (early.Sides[0].Status, early.Sides[1].Status));
        Assert.StartsWith("Side B runs 28:00: longer than a side of a 12-inch LP at 33⅓ can hold", early.Sides[1].Message);
        Assert.False(early.Fits);

        // 24 minutes on side A is cuttable but quieter; track 6 would fit on side B at full level, so that is offered.
        var late = VinylSides.Split(tracks, VinylFormat.Lp12At33, sideABreakAfter: 6);
        Assert.Equal(VinylSideStatus.Long, late.Sides[0].Status);
        Assert.Equal(
            "Side A runs 24:00: on a 12-inch LP at 33⅓ that means a quieter cut with less bass (full level up to 20:00); move track 6 to side B or split the album over two records (a double LP).",
            late.Sides[0].Message);
        Assert.True(late.Fits);

        var breaks = VinylSides.SplitAt(Enumerable.Repeat(240.0, 14).ToList(), VinylFormat.Lp12At33, [4, 7, 11]);
        Assert.Equal([4, 3, 4, 3], breaks.Sides.Select(s => s.TrackNumbers.Count));
        Assert.Throws<AlbumTimelineException>(() => VinylSides.Split(tracks, VinylFormat.Lp12At33, sideABreakAfter: 10));
        Assert.Throws<AlbumTimelineException>(() => VinylSides.SplitAt(tracks, VinylFormat.Lp12At33, [5, 5]));
    }

    [Fact]
    public void Each_format_has_its_own_side_limits_and_a_track_longer_than_a_side_is_named()
    {
        var lp = VinylFormatLimits.Of(VinylFormat.Lp12At33);
        Assert.Equal((1200.0, 1500.0), (lp.FullLevelSeconds, lp.MaximumSeconds));
        Assert.All(Enum.GetValues<VinylFormat>().Select(VinylFormatLimits.Of), l => Assert.True(l.FullLevelSeconds < l.MaximumSeconds));

        var single = VinylSides.Split(Minutes(4, 7.5), VinylFormat.Single7At45);
        Assert.Equal((VinylSideStatus.Fine, VinylSideStatus.TooLong), (single.Sides[0].Status, single.Sides[1].Status));
        Assert.StartsWith("Track 2 alone runs 7:30, longer than one side of a 7-inch single at 45 can hold (6:00 at most)", single.Sides[1].Message);
    }

    [Fact]
    public void Sides_from_the_album_timeline_use_its_pauses_and_crossfades_but_no_pause_before_a_side()
    {
        long F(double s) => (long)Math.Round(s * Rate);
        var timeline = AlbumTimeline.Build(Rate,
        [
            new(F(200), PauseBeforeSeconds: 2), new(F(180), PauseBeforeSeconds: 1.5), new(F(210), PauseBeforeSeconds: 3),
            new(F(190), CrossfadeSeconds: 5), new(F(205), PauseBeforeSeconds: 2.5),
        ]);
        var plan = VinylSides.Split(timeline, VinylFormat.Lp12At33, sideABreakAfter: 2);

        Assert.Equal(200 + 1.5 + 180, plan.Sides[0].Seconds, 9);
        Assert.Equal(210 + 190 - 5 + 2.5 + 205, plan.Sides[1].Seconds, 9);
    }

    // ---- Mono bass ---------------------------------------------------------------------------------------------------

    /// <summary>Four seconds of stereo: <paramref name="mid"/> in both channels, <paramref name="side"/> added to left and taken from right.</summary>
    static float[] Stereo(float[] mid, float[] side)
    {
        var x = new float[mid.Length * 2];
        for (var i = 0; i < mid.Length; i++)
        {
            x[2 * i] = mid[i] + side[i];
            x[2 * i + 1] = mid[i] - side[i];
        }
        return x;
    }

    /// <summary>RMS (dB) of the mid and of the side over the last two seconds (the filter settled).</summary>
    static (double Mid, double Side) MidSideDb(float[] stereo, int rate)
    {
        double mid = 0, side = 0;
        var frames = stereo.Length / 2;
        var from = frames - 2 * rate;
        for (var i = from; i < frames; i++)
        {
            double l = stereo[2 * i], r = stereo[2 * i + 1];
            mid += (l + r) * (l + r) / 4;
            side += (l - r) * (l - r) / 4;
        }
        return (10 * Math.Log10(mid / (frames - from)), 10 * Math.Log10(side / (frames - from)));
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    public void Mono_bass_removes_out_of_phase_bass_and_leaves_in_phase_bass_and_side_highs_alone(int rate)
    {
        var silence = Signals.Silence(rate, 4);
        var bass = Signals.Sine(40, 0.5, rate, 4);

        // Pure side at 40 Hz, one octave under an 80 Hz corner: a 4th-order Linkwitz-Riley takes 24.6 dB off.
        var antiPhase = Stereo(silence, bass);
        var before = MidSideDb(antiPhase, rate).Side;
        var filter = new VinylMonoBass(rate, 80);
        filter.Process(antiPhase);
        var cut = before - MidSideDb(antiPhase, rate).Side;
        Assert.True(cut >= 24, $"40 Hz side down {cut:0.00} dB");
        Assert.Equal(-filter.SideResponseDb(40), cut, 0.2);

        // The default corner (100 Hz) takes more off: about 32 dB.
        var atDefault = Stereo(silence, bass);
        new VinylMonoBass(rate).Process(atDefault);
        Assert.True(before - MidSideDb(atDefault, rate).Side >= 30);

        // Pure mid at 40 Hz: its level within 0.1 dB, and no side appears.
        var inPhase = Stereo(bass, silence);
        var midBefore = MidSideDb(inPhase, rate).Mid;
        new VinylMonoBass(rate, 80).Process(inPhase);
        var after = MidSideDb(inPhase, rate);
        Assert.Equal(midBefore, after.Mid, 0.1);
        Assert.True(after.Side < midBefore - 120, "no side from a mono signal");

        // Side at 1 kHz: within 0.5 dB.
        var high = Stereo(silence, Signals.Sine(1000, 0.5, rate, 4));
        var highBefore = MidSideDb(high, rate).Side;
        new VinylMonoBass(rate, 80).Process(high);
        Assert.Equal(highBefore, MidSideDb(high, rate).Side, 0.5);
    }

    // ---- Render settings ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_vinyl_render_settings_drop_the_limiter_and_clipper_and_keep_the_level_at_or_under_minus_12_LUFS()
    {
        var master = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -8 } };
        master.Clipper.Enabled = true;
        master.Output.BitDepth = 16;
        var vinyl = VinylPremaster.RenderSettingsFor(master);

        Assert.False(vinyl.Limiter.Enabled);
        Assert.False(vinyl.Clipper.Enabled);
        Assert.Equal(-12, vinyl.Loudness!.TargetLufs);
        Assert.Equal(24, vinyl.Output.BitDepth);
        Assert.Empty(RenderSettingsValidator.Validate(vinyl));
        // The master's own document is untouched.
        Assert.True(master.Limiter.Enabled && master.Clipper.Enabled);
        Assert.Equal((-8.0, 16), (master.Loudness!.TargetLufs, master.Output.BitDepth));

        // A quieter target stays as it is.
        Assert.Equal(-14, VinylPremaster.RenderSettingsFor(new RenderSettings()).Loudness!.TargetLufs);

        // The gain without a limiter: to the target unless the peaks would pass -3 dBFS.
        Assert.Equal(6, VinylPremaster.LoudnessGainDb(unlimitedLufs: -20, unlimitedPeakDbfs: -12, targetLufs: -14), 9);
        Assert.Equal(3, VinylPremaster.LoudnessGainDb(unlimitedLufs: -20, unlimitedPeakDbfs: -6, targetLufs: -12), 9);
    }

    // ---- High frequencies --------------------------------------------------------------------------------------------

    /// <summary>A quiet music-like stereo bed (about 5.5 s): pink noise 40 Hz-16 kHz at -32 dBFS and a few tones.</summary>
    static float[] QuietMusic(out int frames)
    {
        var bed = Signals.BandLimitedNoise(18, Rate, 40, 16000, 1, 0.025);
        frames = bed.Length;
        var x = new float[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            var tones = 0.04 * (Math.Sin(2 * Math.PI * 110 * i / Rate) + Math.Sin(2 * Math.PI * 330 * i / Rate) + 0.5 * Math.Sin(2 * Math.PI * 1320 * i / Rate));
            x[2 * i] = (float)(bed[i] + tones);
            x[2 * i + 1] = (float)(bed[(i + 977) % frames] + tones);
        }
        return x;
    }

    /// <summary>Adds noise above 8 kHz (white, brick-wall band) at <paramref name="rms"/> from <paramref name="atSeconds"/>, 8192 frames long.</summary>
    static void AddBurst(float[] stereo, double atSeconds, double rms, int seed)
    {
        var burst = Signals.BandLimitedNoise(13, Rate, 8000, 20000, 0, rms, seed);
        var start = (int)Math.Round(atSeconds * Rate);
        for (var i = 0; i < burst.Length; i++)
        {
            stereo[2 * (start + i)] += burst[i];
            stereo[2 * (start + i) + 1] += burst[i];
        }
    }

    [Fact]
    public void The_high_frequency_check_finds_bursts_above_8_kHz_where_they_are_and_nothing_in_quiet_music()
    {
        var clean = QuietMusic(out _);
        Assert.Empty(VinylSibilanceCheck.Check(clean, 2, Rate).Passages);

        var hot = (float[])clean.Clone();
        AddBurst(hot, 1.2, 0.2, seed: 3);  // -14 dBFS: hot
        AddBurst(hot, 3.7, 0.2, seed: 4);
        AddBurst(hot, 2.5, 0.03, seed: 5); // -30 dBFS: bright but not hot
        var report = VinylSibilanceCheck.Check(hot, 2, Rate);

        Assert.Equal(2, report.Passages.Count);
        var length = 8192.0 / Rate;
        foreach (var (passage, at) in report.Passages.Zip(new[] { 1.2, 3.7 }))
        {
            // To the window (50 ms): the check's resolution.
            Assert.InRange(passage.StartSeconds, at - 0.05, at + 0.05);
            Assert.InRange(passage.EndSeconds, at + length - 0.05, at + length + 0.05);
            Assert.InRange(passage.HfLevelDbfs, -14 - 1, -14 + 1); // the windows the burst fills
            Assert.True(passage.HfShareDb > -1, $"share {passage.HfShareDb:0.0} dB");
        }
        Assert.Equal("High frequencies (sibilance, cymbals) are hot for vinyl at 0:01 and 0:03; a de-esser on those passages is advised.", report.Summary);

        // Streamed in odd-sized pieces, the same passages.
        var check = new VinylSibilanceCheck(Rate, 2);
        for (var i = 0; i < hot.Length; i += 2 * 1237) check.Add(hot.AsSpan(i, Math.Min(2 * 1237, hot.Length - i)));
        Assert.Equal(report.Passages, check.Result().Passages);
    }

    // ---- A side as its own WAV ---------------------------------------------------------------------------------------

    /// <summary>A 24-bit stereo master at 48 kHz: a mid tone with 40 Hz in the side (what the mono bass must take out).</summary>
    string Master(string name, double seconds, double midHz)
    {
        var path = Path.Combine(_folder, name);
        var mid = Signals.Sine(midHz, 0.3, Rate, seconds);
        var side = Signals.Sine(40, 0.2, Rate, seconds, phaseRadians: 0.7);
        using var writer = new WavWriter(path, PcmWriteFormat.Pcm24(Rate, 2));
        writer.Write(Stereo(mid, side));
        writer.Complete();
        return path;
    }

    float[] ReadAll(string path, out AudioFormat format)
    {
        using var source = AudioFile.OpenRead(path, _tools);
        format = source.Format;
        var all = new List<float>();
        var buffer = new float[8192 * source.Format.Channels];
        int got;
        while ((got = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, got * source.Format.Channels).ToArray());
        return all.ToArray();
    }

    [Fact]
    public void A_side_is_its_own_24_bit_WAV_its_tracks_and_pauses_to_the_sample_starting_on_the_first_tracks_filtered_samples()
    {
        var masters = new[] { Master("1.wav", 2.3, 220), Master("2.wav", 3.1, 330), Master("3.wav", 2.7, 440), Master("4.wav", 1.9, 550) };
        AlbumInput[] album =
        [
            new(masters[0], new(0, PauseBeforeSeconds: 2)), new(masters[1], new(0, PauseBeforeSeconds: 1.5)),
            new(masters[2], new(0, CrossfadeSeconds: 0.4)), // crossfades from track 2 on the album: not across the side break
            new(masters[3], new(0, PauseBeforeSeconds: 0.7)),
        ];
        var timeline = AlbumTimeline.Build(Rate, album.Select(a => a.Plan with { LengthFrames = AudioFile.Probe(a.MasterPath, _tools).LengthFrames!.Value }).ToList());
        var plan = VinylSides.Split(timeline, VinylFormat.Lp12At33, sideABreakAfter: 2);
        var sideB = plan.Sides[1];
        Assert.Equal([3, 4], sideB.TrackNumbers);

        var path = Path.Combine(_folder, "side-b.wav");
        var result = VinylSideRenderer.Render(new VinylSideRequest(album, sideB, path), _tools);

        var wav = ReadAll(path, out var format);
        Assert.Equal((Rate, 24, 2), (format.SampleRateHz, format.BitDepth, format.Channels));
        long track3 = (long)Math.Round(2.7 * Rate), track4 = (long)Math.Round(1.9 * Rate), pause = (long)Math.Round(0.7 * Rate);
        Assert.Equal(track3 + pause + track4, wav.Length / 2);
        Assert.Equal(sideB.Seconds * Rate, wav.Length / 2, 6);
        Assert.Equal(wav.Length / 2, result.Timeline.LengthFrames);

        // The first samples are track 3's own (no pause, no crossfade-in) after the mono bass, to the 24-bit step.
        var reference = ReadAll(masters[2], out _).AsSpan(0, 2 * 20000).ToArray();
        new VinylMonoBass(Rate).Process(reference);
        Assert.NotEqual(0f, wav[0]);
        for (var i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(wav[i] - reference[i]) <= Lsb24, $"sample {i}: {wav[i]} against {reference[i]}");

        // Track 4 starts after its 0.7 s pause, silent once the filter's tail has died away (under half a 24-bit step within
        // tens of milliseconds); the 40 Hz side is gone (about 32 dB down).
        var tail = Rate / 10;
        Assert.All(wav.AsSpan((int)(2 * (track3 + tail)), (int)(2 * (pause - tail))).ToArray(), s => Assert.Equal(0f, s));
        Assert.NotEqual(0f, wav[2 * (track3 + pause)]);
        var sideIn = MidSideDb(ReadAll(masters[2], out _), Rate).Side;
        var sideOut = MidSideDb(wav.AsSpan(0, (int)(2 * track3)).ToArray(), Rate).Side;
        Assert.True(sideIn - sideOut >= 24, $"40 Hz side down {sideIn - sideOut:0.0} dB");

        Assert.True(result.Sibilance.Clean);
        Assert.InRange(result.SamplePeakDbfs, -20, -3);
        Assert.DoesNotContain(result.Notes, n => n.Contains("peaks at"));
        Assert.Contains(result.Notes, n => n.StartsWith("Track 3 crossfades from track 2 on the album; side B starts with track 3 on its own."));
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));

        // Side A: tracks 1 and 2 with the 1.5 s pause between them and none before track 1.
        var a = VinylSideRenderer.Render(new VinylSideRequest(album, plan.Sides[0], Path.Combine(_folder, "side-a.wav")), _tools);
        Assert.Equal((long)Math.Round(2.3 * Rate) + (long)Math.Round(1.5 * Rate) + (long)Math.Round(3.1 * Rate), a.Timeline.LengthFrames);
        Assert.Equal(a.Timeline.LengthFrames, ReadAll(Path.Combine(_folder, "side-a.wav"), out _).Length / 2);
        Assert.Contains(a.Notes, n => n.StartsWith("Track 2 crossfades into track 3 on the album; side A ends with track 2 played to its end."));
    }
}
