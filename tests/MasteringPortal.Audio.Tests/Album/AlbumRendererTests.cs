using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Tests.Analysis;

namespace MasteringPortal.Audio.Tests.Album;

/// <summary>
/// The album from real files (issue 20 §1 and §3): 24-bit WAV masters on disk assembled into the programme WAV bit for
/// bit, and the CD programme from 48 kHz masters: 44.1 kHz 16-bit, exactly the table of contents' length, tracks starting
/// on their CD frames, pauses digital silence, a tone's level kept through the rate conversion and the dither.
/// </summary>
public sealed class AlbumRendererTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("mp-album-").FullName;
    readonly AudioTools _tools = AudioTools.FromPath();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A 24-bit stereo master: a tone of <paramref name="hz"/> at <paramref name="amplitude"/>, left and right alike.</summary>
    string Master(string name, int rate, double seconds, double hz, double amplitude)
    {
        var path = Path.Combine(_folder, name);
        var tone = Signals.Sine(hz, amplitude, rate, seconds);
        using var writer = new WavWriter(path, PcmWriteFormat.Pcm24(rate, 2));
        var interleaved = new float[tone.Length * 2];
        for (var i = 0; i < tone.Length; i++) interleaved[2 * i] = interleaved[2 * i + 1] = tone[i];
        writer.Write(interleaved);
        writer.Complete();
        return path;
    }

    static float[] ReadAll(string path, AudioTools tools, out AudioFormat format)
    {
        using var source = AudioFile.OpenRead(path, tools);
        format = source.Format;
        var all = new List<float>();
        var buffer = new float[8192 * source.Format.Channels];
        int got;
        while ((got = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, got * source.Format.Channels).ToArray());
        return all.ToArray();
    }

    [Fact]
    public void The_programme_holds_each_master_bit_for_bit_where_the_timeline_put_it()
    {
        var masters = new[]
        {
            Master("1.wav", 44100, 4.3, 440, 0.5), Master("2.wav", 44100, 5.1, 660, 0.4), Master("3.wav", 44100, 4.7, 880, 0.3),
        };
        var request = new AlbumRenderRequest(
        [
            new(masters[0], new(0, PauseBeforeSeconds: 1)), new(masters[1], new(0, PauseBeforeSeconds: 3)), new(masters[2], new(0, PauseBeforeSeconds: 0)),
        ], Path.Combine(_folder, "album.wav"));
        var result = AlbumRenderer.Render(request, _tools);

        var album = ReadAll(request.ProgrammePath, _tools, out var format);
        Assert.Equal((44100, 24), (format.SampleRateHz, format.BitDepth));
        Assert.Equal(result.Timeline.LengthFrames * 2, album.Length);
        for (var k = 0; k < 3; k++)
        {
            var master = ReadAll(masters[k], _tools, out _);
            var p = result.Timeline.Tracks[k];
            Assert.Equal(master, album.AsSpan((int)p.StartFrame * 2, master.Length).ToArray());
        }
        Assert.Null(result.Cd);
    }

    [Fact]
    public void The_CD_programme_from_48_kHz_masters_is_44_1_kHz_16_bit_on_CD_frames_with_silent_pauses()
    {
        var masters = new[] { Master("1.wav", 48000, 4.5, 1000, 0.5), Master("2.wav", 48000, 5.2, 1000, 0.5), Master("3.wav", 48000, 4.9, 1000, 0.5) };
        var request = new AlbumRenderRequest(
        [
            new(masters[0], new(0, PauseBeforeSeconds: 2), new("GBABC2400001", new("First"))),
            new(masters[1], new(0, PauseBeforeSeconds: 3)),
            new(masters[2], new(0, PauseBeforeSeconds: 1.5)),
        ], Path.Combine(_folder, "album.wav"), Path.Combine(_folder, "cd.wav"), "0012345678905", new("Album", "Band"));
        var result = AlbumRenderer.Render(request, _tools);

        var cd = result.Cd!;
        Assert.Empty(result.RedBookProblems);
        var pcm = ReadAll(request.CdPath!, _tools, out var format);
        Assert.Equal((44100, 16, 2), (format.SampleRateHz, format.BitDepth, format.Channels));
        Assert.Equal(cd.LengthFrames * CdTime.SamplesPerFrame * 2, pcm.Length);

        // The first 2 s (the pregap) and every pause are digital silence, not dither noise (10 ms kept clear of each edge
        // for the rate converter's filter); each track's sound starts at its index 01.
        for (var k = 0; k < 3; k++)
        {
            var track = cd.Tracks[k];
            var pauseEnd = track.Index1Frame * CdTime.SamplesPerFrame - 441;
            var pauseStart = k == 0 ? 0 : (long)Math.Ceiling(result.Timeline.Tracks[k - 1].EndFrame * 44100.0 / 48000) + 441;
            Assert.True(pauseEnd > pauseStart);
            Assert.All(pcm.AsSpan((int)pauseStart * 2, (int)(pauseEnd - pauseStart) * 2).ToArray(), s => Assert.Equal(0f, s));
            var firstSound = (int)track.Index1Frame * CdTime.SamplesPerFrame;
            Assert.True(Math.Abs(pcm[2 * (firstSound + 100)]) > 0.01, $"track {k + 1} sounds just after its index 01");
        }
        Assert.Equal([0L, 150], [cd.Tracks[0].Index0Frame, cd.Tracks[0].Index1Frame]);
        Assert.Equal("GBABC2400001", cd.Tracks[0].Isrc);

        // The tone keeps its level through the conversion and the 16-bit dither: RMS of a 0.5 sine is -9.03 dBFS.
        var middle = (int)(cd.Tracks[1].Index1Frame + 75) * CdTime.SamplesPerFrame;
        var rms = Math.Sqrt(Enumerable.Range(0, 44100).Average(i => (double)pcm[2 * (middle + i)] * pcm[2 * (middle + i)]));
        Assert.InRange(20 * Math.Log10(rms), -9.03 - 0.05, -9.03 + 0.05);
    }

    [Fact]
    public void Converted_masters_are_kept_by_content_hash_and_a_new_order_reuses_them_to_the_same_CD()
    {
        var masters = new[] { Master("1.wav", 48000, 4.5, 440, 0.5), Master("2.wav", 48000, 4.2, 660, 0.5) };
        var cache = Path.Combine(_folder, "cache");
        AlbumRenderRequest Request(string name, bool reversed, string? cacheFolder)
        {
            var inputs = masters.Select((m, i) => new AlbumInput(m, new AlbumTrackPlan(0, PauseBeforeSeconds: 2), CacheKey: $"abc{i}")).ToList();
            if (reversed) inputs.Reverse();
            return new AlbumRenderRequest(inputs, Path.Combine(_folder, name + ".wav"), Path.Combine(_folder, name + "-cd.wav"), ConversionCache: cacheFolder);
        }

        AlbumRenderer.Render(Request("plain", reversed: false, cacheFolder: null), _tools);
        AlbumRenderer.Render(Request("cold", reversed: false, cache), _tools);
        var kept = Directory.GetFiles(cache).Order().ToList();
        Assert.Equal(["abc0-44100.wav", "abc1-44100.wav"], kept.Select(Path.GetFileName));
        var written = kept.Select(File.GetLastWriteTimeUtc).ToList();
        AlbumRenderer.Render(Request("warm", reversed: true, cache), _tools);

        // Nothing converted again; the CD is the same bytes with or without the cache; no temporary files are left.
        Assert.Equal(written, kept.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "plain-cd.wav")), File.ReadAllBytes(Path.Combine(_folder, "cold-cd.wav")));
        Assert.Empty(Directory.GetFiles(_folder, ".album-cd-*"));
        using var warm = AudioFile.OpenRead(Path.Combine(_folder, "warm-cd.wav"), _tools);
        Assert.Equal(44100, warm.Format.SampleRateHz);
    }

    [Fact]
    public void Masters_at_different_rates_are_refused_naming_the_tracks()
    {
        var request = new AlbumRenderRequest(
        [
            new(Master("1.wav", 44100, 4.1, 440, 0.5), new(0)), new(Master("2.wav", 48000, 4.1, 440, 0.5), new(0)),
        ], Path.Combine(_folder, "album.wav"));
        var e = Assert.Throws<AlbumTimelineException>(() => AlbumRenderer.Render(request, _tools));
        Assert.Contains("Track 2 was rendered at another sample rate than track 1 (44.1 kHz)", e.Message);
        Assert.False(File.Exists(request.ProgrammePath));
    }

    [Fact]
    public void A_CD_track_under_4_seconds_is_reported_by_the_Red_Book_check()
    {
        var request = new AlbumRenderRequest(
        [
            new(Master("1.wav", 44100, 5, 440, 0.5), new(0)), new(Master("2.wav", 44100, 3.2, 440, 0.5), new(0)),
        ], Path.Combine(_folder, "album.wav"), Path.Combine(_folder, "cd.wav"));
        var result = AlbumRenderer.Render(request, _tools);

        Assert.Contains(result.RedBookProblems, p => p.Contains("Track 2") && p.Contains("4 s"));
    }
}
