using System.Globalization;
using System.Text.RegularExpressions;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>
/// The CUE sheet for one WAV of the whole programme, read back by independent tools: cuebreakpoints and cueprint
/// (Debian package cuetools) and cdrdao (package cdrdao). A missing tool fails the test with the package to install.
/// </summary>
public sealed partial class CueSheetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes album.wav (the programme's audio) and album.cue beside it; returns the cue sheet's path.</summary>
    private string WriteCue(CdProgramme programme)
    {
        ReleaseFixtures.WriteWav(_temp.File("album.wav"), ReleaseFixtures.Pcm(programme.LengthFrames));
        var cue = _temp.File("album.cue");
        CueSheet.Save(cue, programme, "album.wav");
        return cue;
    }

    /// <summary>cuebreakpoints prints m:ss.ff, ff in CD frames (1/75 s).</summary>
    private static List<long> Breakpoints(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var m = BreakpointPattern().Match(line.Trim());
            Assert.True(m.Success, $"cuebreakpoints printed \"{line}\"");
            return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) * 75
                   + long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        }).ToList();

    [GeneratedRegex(@"^(\d+):(\d\d)\.(\d\d)$")]
    private static partial Regex BreakpointPattern();

    [Fact]
    public void The_cue_sheet_has_the_catalogue_text_isrcs_and_index_points_from_the_file_start()
    {
        var text = CueSheet.Write(ReleaseFixtures.Album(), "album.wav");
        string[] expected =
        [
            "CATALOG 5012345678900",
            "PERFORMER \"The Example Band\"",
            "TITLE \"Night Shifts\"",
            "REM MESSAGE \"Mastered in the test suite\"",
            "FILE \"album.wav\" WAVE",
            "  TRACK 01 AUDIO",
            "    PERFORMER \"The Example Band\"",
            "    TITLE \"Café Olé\"",
            "    SONGWRITER \"A. Writer\"",
            "    ISRC GBABC2400001",
            "    INDEX 00 00:00:00",
            "    INDEX 01 00:02:00",
            "  TRACK 02 AUDIO",
            "    PERFORMER \"The Example Band\"",
            "    TITLE \"A Title Much Longer Than Twelve Characters\"",
            "    REM COMPOSER \"B. Composer\"",
            "    ISRC GBABC2400002",
            "    INDEX 01 00:07:00", // a segue: no INDEX 00
            "    INDEX 02 00:08:00",
            "  TRACK 03 AUDIO",
            "    TITLE \"Three\"",
            "    REM ARRANGER \"C. Arranger\"",
            "    REM MESSAGE \"Hidden thanks\"",
            "    ISRC GBABC2400003",
            "    INDEX 00 00:13:00",
            "    INDEX 01 00:16:00",
        ];
        Assert.Equal(expected, text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Quotes_and_line_breaks_in_titles_cannot_break_out_of_their_argument()
    {
        var album = ReleaseFixtures.Album() with { AlbumText = new CdTextFields("The \"Best\" Of\r\nFILE \"evil.wav\" WAVE", "Tab\tBand") };
        var text = CueSheet.Write(album, "album.wav");
        var lines = text.Split('\n');
        Assert.Contains("TITLE \"The 'Best' Of  FILE 'evil.wav' WAVE\"", lines);
        Assert.Contains("PERFORMER \"Tab Band\"", lines);
        Assert.Single(lines, l => l.StartsWith("FILE", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Count(c => c == '"') is 0 or 2, l));
        Assert.DoesNotContain('\r', text);

        Assert.Throws<ArgumentException>(() => CueSheet.Write(album, "bad\".wav"));
        Assert.Throws<ArgumentException>(() => CueSheet.Write(album, "two\nlines.wav"));
    }

    [Fact]
    public void A_cue_sheet_for_a_ddp_image_names_image_dat_as_raw_audio_and_takes_its_text_from_cdtext_bin()
    {
        var album = ReleaseFixtures.Album();
        var folder = _temp.File("ddp");
        DdpWriter.Write(folder, album, new MemoryStream(ReleaseFixtures.Pcm(album.LengthFrames)));
        var cue = Path.Combine(_temp.Root, "image.cue");
        CueSheet.Save(cue, album, "ddp/IMAGE.DAT", CueAudioFile.Binary, "ddp/CDTEXT.BIN");

        var lines = File.ReadAllLines(cue);
        Assert.Equal(["CATALOG 5012345678900", "CDTEXTFILE \"ddp/CDTEXT.BIN\"", "FILE \"ddp/IMAGE.DAT\" BINARY", "  TRACK 01 AUDIO", "    ISRC GBABC2400001"],
            lines.Take(5));
        Assert.DoesNotContain(lines, l => l.Contains("TITLE") || l.Contains("PERFORMER"));

        var (code, output, error) = ReleaseFixtures.Run("cuebreakpoints", "cuetools", _temp.Root, "--split-gaps", cue);
        Assert.True(code == 0, error);
        Assert.Equal([150L, 525, 975, 1200], Breakpoints(output));
    }

    [Fact]
    public void A_programme_that_breaks_red_book_gets_no_cue_sheet() =>
        Assert.Throws<CdProgrammeException>(() => CueSheet.Write(ReleaseFixtures.Album() with { LengthFrames = 1440 }, "album.wav"));

    [Fact]
    public void Cuebreakpoints_finds_our_track_starts_and_pauses()
    {
        var album = ReleaseFixtures.Album();
        var cue = WriteCue(album);

        // Default: where each track after the first starts (index 01).
        var (code, output, error) = ReleaseFixtures.Run("cuebreakpoints", "cuetools", _temp.Root, cue);
        Assert.True(code == 0, error);
        Assert.Equal(album.Tracks.Skip(1).Select(t => t.Index1Frame), Breakpoints(output));

        // --split-gaps: every pause (index 00) and every start (index 01) after the beginning of the file.
        (code, output, error) = ReleaseFixtures.Run("cuebreakpoints", "cuetools", _temp.Root, "--split-gaps", cue);
        Assert.True(code == 0, error);
        var ours = album.Tracks.SelectMany(t => new[] { t.Index0Frame, t.Index1Frame }).Distinct().Where(f => f > 0);
        Assert.Equal(ours, Breakpoints(output));
        Assert.Equal([150L, 525, 975, 1200], Breakpoints(output));
    }

    [Fact]
    public void Cueprint_reads_back_the_titles_performers_isrcs_and_track_count()
    {
        var album = ReleaseFixtures.Album() with { AlbumText = new CdTextFields("Night \"Shifts\"", "The Example Band") };
        var cue = WriteCue(album);
        var (code, output, error) = ReleaseFixtures.Run("cueprint", "cuetools", _temp.Root,
            "--disc-template", "%T|%P|%N\n", "--track-template", "%n|%t|%p|%i\n", cue);
        Assert.True(code == 0, error);
        Assert.Equal(
        [
            "Night 'Shifts'|The Example Band|3",
            "1|Café Olé|The Example Band|GBABC2400001",
            "2|A Title Much Longer Than Twelve Characters|The Example Band|GBABC2400002",
            "3|Three||GBABC2400003",
        ], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Cdrdao_reads_the_track_starts_pauses_catalogue_and_isrcs()
    {
        // cdrdao 1.2.4 takes a cue sheet's INDEX 02 as relative to the track start (it says "Index beyond track end"),
        // so this check uses the album without its index 02; cuebreakpoints covers index 02's neighbours above.
        var album = ReleaseFixtures.Album(extraIndex: false);
        var cue = WriteCue(album);
        var (code, output, error) = ReleaseFixtures.Run("cdrdao", "cdrdao", _temp.Root, "show-toc", cue);
        Assert.True(code == 0, output + error);

        Assert.Contains("CATALOG NUMBER: 5012345678900", output);
        var starts = StartPattern().Matches(output).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(album.Tracks.Select(t => t.Index1Frame), starts);
        var pregaps = PregapPattern().Matches(output).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        // Pauses: track 1's 2 s, none for the segue, track 3's 3 s gap.
        Assert.Equal([150L, 225], pregaps);
        Assert.Equal(["GB ABC 24 00001", "GB ABC 24 00002", "GB ABC 24 00003"], IsrcPattern().Matches(output).Select(m => m.Groups[1].Value));
        Assert.Matches(@"END\s+00:21:00\(\s*1575\)", output);
    }

    [GeneratedRegex(@"START\s+\d\d:\d\d:\d\d\(\s*(\d+)\)")]
    private static partial Regex StartPattern();

    [GeneratedRegex(@"PREGAP\s+\d\d:\d\d:\d\d\(\s*(\d+)\)")]
    private static partial Regex PregapPattern();

    [GeneratedRegex(@"ISRC ([A-Z]{2} [A-Z0-9]{3} \d\d \d{5})")]
    private static partial Regex IsrcPattern();
}
