using System.Buffers.Binary;
using System.Text;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>CD-Text packs: layout, CRC, the size information, the round trip and the refusals.</summary>
public sealed class CdTextTests
{
    private static List<byte[]> Packs(byte[] data) =>
        Enumerable.Range(0, data.Length / CdText.PackBytes).Select(i => data.AsSpan(i * CdText.PackBytes, CdText.PackBytes).ToArray()).ToList();

    private static CdProgramme OneTrack(string? albumTitle, params string?[] trackTitles) => new(
        trackTitles.Select((title, i) => new CdTrack(i + 1, i == 0 ? 0 : 150 + i * 300L, 150 + i * 300L, Text: new CdTextFields(title))).ToList(),
        150 + trackTitles.Length * 300L, AlbumText: new CdTextFields(albumTitle));

    [Fact]
    public void The_crc_is_crc16_ccitt_with_initial_value_0()
    {
        // The standard check value of this CRC ("XMODEM": polynomial 0x1021, init 0, no reflection) over "123456789".
        Assert.Equal(0x31C3, CdText.Crc("123456789"u8));
    }

    [Fact]
    public void Every_pack_is_18_bytes_with_a_running_sequence_number_and_its_crc_inverted_high_byte_first()
    {
        var data = CdText.Encode(ReleaseFixtures.Album());
        Assert.Equal(0, data.Length % 18);
        var packs = Packs(data);
        for (var i = 0; i < packs.Count; i++)
        {
            Assert.Equal(i, packs[i][2]);
            var crc = (ushort)~CdText.Crc(packs[i].AsSpan(0, 16));
            Assert.Equal(crc >> 8, packs[i][16]);
            Assert.Equal(crc & 0xFF, packs[i][17]);
            Assert.Equal(0, packs[i][3] & 0xF0); // block 0, single-byte characters
        }
        // Types in ascending order, size information last.
        Assert.Equal(packs.Select(p => p[0]).OrderBy(t => t), packs.Select(p => p[0]));
        Assert.Equal([0x8F, 0x8F, 0x8F], packs.TakeLast(3).Select(p => (int)p[0]));
    }

    [Fact]
    public void Byte_1_names_the_string_that_byte_4_belongs_to_and_byte_3_how_far_into_it_byte_4_is()
    {
        // Title strings: album (40 characters), track 1 "xyz", track 2 "Q".
        var album = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn";
        var packs = Packs(CdText.Encode(OneTrack(album, "xyz", "Q"))).Where(p => p[0] == CdText.Title).ToList();
        // Stream: 40 + NUL, "xyz" NUL, "Q" NUL = 47 bytes → 4 packs.
        Assert.Equal(4, packs.Count);
        Assert.Equal((0, 0), (packs[0][1], packs[0][3]));
        Assert.Equal((0, 12), (packs[1][1], packs[1][3]));
        Assert.Equal((0, 15), (packs[2][1], packs[2][3]));  // 24 characters in: capped at 15
        Assert.Equal((0, 15), (packs[3][1], packs[3][3]));  // starts at character 36 ("klmn")
        Assert.Equal("klmn\0xyz\0Q\0\0", Encoding.Latin1.GetString(packs[3], 4, 12));

        var next = Packs(CdText.Encode(OneTrack("Twelve chars", "xyz"))).Where(p => p[0] == CdText.Title).ToList();
        // The second pack starts on the album title's NUL: still the album's string, 12 characters in.
        Assert.Equal((0, 12), (next[1][1], next[1][3]));
        Assert.Equal("\0xyz\0", Encoding.Latin1.GetString(next[1], 4, 5));
    }

    [Fact]
    public void The_size_information_counts_the_packs_of_each_type_and_names_english_and_iso_8859_1()
    {
        var packs = Packs(CdText.Encode(ReleaseFixtures.Album()));
        var size = packs.Where(p => p[0] == CdText.SizeInformation).ToList();
        Assert.Equal([0, 1, 2], size.Select(p => (int)p[1]));
        var info = size.SelectMany(p => p.Skip(4).Take(12)).ToArray();
        Assert.Equal(0x00, info[0]);          // ISO 8859-1
        Assert.Equal(1, info[1]);             // first track
        Assert.Equal(3, info[2]);             // last track
        for (var type = 0x80; type <= 0x8F; type++)
            Assert.Equal(packs.Count(p => p[0] == type), info[4 + type - 0x80]);
        Assert.Equal(packs.Count - 1, info[20]); // last sequence number of block 0
        Assert.Equal(0x09, info[28]);         // English
        Assert.All(info.Skip(21).Take(7), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Album_and_track_fields_and_codes_come_back_from_the_packs()
    {
        var album = ReleaseFixtures.Album();
        var content = CdText.Decode(CdText.Encode(album));
        Assert.Equal(album.AlbumText, content.Album);
        Assert.Equal(1, content.FirstTrack);
        Assert.Equal(album.Tracks.Select(t => t.TextOrNone), content.Tracks);
        Assert.Equal(ReleaseFixtures.Upc, content.UpcEan);
        Assert.Equal(album.Tracks.Select(t => t.Isrc), content.Isrcs);
        Assert.Equal("Café Olé", content.ForTrack(1).Title);
        Assert.Equal(CdTextFields.None, content.ForTrack(9));
    }

    [Fact]
    public void A_track_without_text_gets_an_empty_string_so_the_next_track_keeps_its_own()
    {
        var p = OneTrack("Album", "One", null, "Three");
        var content = CdText.Decode(CdText.Encode(p));
        Assert.Equal(["One", null, "Three"], content.Tracks.Select(t => t.Title));
        Assert.Null(content.UpcEan);
        Assert.DoesNotContain(Packs(CdText.Encode(p)), x => x[0] == CdText.Codes);
    }

    [Fact]
    public void A_lone_tab_means_the_same_text_as_the_previous_track()
    {
        var data = CdText.Encode(OneTrack("Album", "Same", "~"));
        // Replace track 2's one-character title with TAB (0x09) and reseal the pack, as some encoders write repeats.
        var packs = Packs(data);
        var title = packs.First(p => p[0] == CdText.Title);
        var at = Array.IndexOf(title, (byte)'~', 4);
        title[at] = 0x09;
        BinaryPrimitives.WriteUInt16BigEndian(title.AsSpan(16), (ushort)~CdText.Crc(title.AsSpan(0, 16)));
        var content = CdText.Decode(packs.SelectMany(p => p).ToArray());
        Assert.Equal(["Same", "Same"], content.Tracks.Select(t => t.Title));
    }

    [Fact]
    public void A_programme_without_text_has_no_packs() =>
        Assert.Empty(CdText.Encode(ReleaseFixtures.Album(text: false)));

    [Fact]
    public void Curly_quotes_dashes_and_the_ellipsis_become_their_plain_forms()
    {
        var content = CdText.Decode(CdText.Encode(OneTrack("Don’t Stop — “Now”…", "Ça va – très bien")));
        Assert.Equal("Don't Stop - \"Now\"...", content.Album.Title);
        Assert.Equal("Ça va - très bien", content.ForTrack(1).Title);
    }

    [Fact]
    public void A_letter_outside_iso_8859_1_is_refused_naming_the_field_and_the_character()
    {
        var p = OneTrack("Album", "One", "Dvořák");
        var problem = Assert.Single(CdText.Check(p));
        Assert.Equal("Track 2's title \"Dvořák\" has \"ř\" (U+0159), which CD-Text can't hold: it is limited to Western European letters " +
                     "(ISO 8859-1). Spell it without that character, for example with the closest plain letter.", problem);
        var e = Assert.Throws<CdProgrammeException>(() => CdText.Encode(p));
        Assert.Contains("Dvořák", e.Message);

        var emoji = OneTrack("Album 🎵", "One");
        Assert.Contains("The album title \"Album 🎵\" has \"🎵\" (U+1F3B5)", Assert.Single(CdText.Check(emoji)));
    }

    [Fact]
    public void A_line_break_in_a_title_is_refused()
    {
        var problem = Assert.Single(CdText.Check(OneTrack("Two\nLines", "One")));
        Assert.Equal("The album title \"Two Lines\" has a line break, which CD-Text can't hold; put it on one line.", problem);
    }

    [Fact]
    public void More_text_than_one_block_holds_is_refused()
    {
        var long160 = new string('x', 160);
        var titles = Enumerable.Range(0, 20).Select(_ => (string?)long160).ToArray();
        var p = OneTrack(long160, titles) with { AlbumText = new CdTextFields(long160, long160, long160) };
        var tracks = p.Tracks.Select(t => t with { Text = new CdTextFields(long160, long160) }).ToList();
        var problem = Assert.Single(CdText.Check(p with { Tracks = tracks }));
        Assert.StartsWith("The CD-Text is too long: it needs", problem);
    }

    [Fact]
    public void A_damaged_pack_is_reported_by_number()
    {
        var data = CdText.Encode(ReleaseFixtures.Album());
        data[2 * 18 + 7] ^= 0x20;
        var e = Assert.Throws<AudioFileException>(() => CdText.Decode(data, "CDTEXT.BIN"));
        Assert.StartsWith($"CDTEXT.BIN is damaged: the checksum of pack 3 of {data.Length / 18} doesn't match its contents.", e.Message);
    }

    [Fact]
    public void A_file_cut_short_or_empty_is_reported()
    {
        var data = CdText.Encode(ReleaseFixtures.Album());
        var e = Assert.Throws<AudioFileException>(() => CdText.Decode(data.AsSpan(0, data.Length - 5)));
        Assert.Contains("not a whole number of 18-byte CD-Text packs", e.Message);
        Assert.Contains("is empty", Assert.Throws<AudioFileException>(() => CdText.Decode([])).Message);
    }

    [Fact]
    public void A_length_header_in_front_of_the_packs_is_skipped()
    {
        var data = CdText.Encode(ReleaseFixtures.Album());
        var withHeader = new byte[data.Length + 4];
        BinaryPrimitives.WriteUInt16BigEndian(withHeader, (ushort)(data.Length + 2));
        data.CopyTo(withHeader, 4);
        Assert.Equal(CdText.Decode(data).Album, CdText.Decode(withHeader).Album);
    }
}
