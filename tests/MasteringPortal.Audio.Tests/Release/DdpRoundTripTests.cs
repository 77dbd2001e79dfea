using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>DdpWriter → files on disk (checked field by field, independently of the reader) → DdpReader.</summary>
public sealed class DdpRoundTripTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Ascii(byte[] bytes, int offset, int length) => Encoding.ASCII.GetString(bytes, offset, length);

    private (string Folder, byte[] Pcm) WriteAlbum(CdProgramme? programme = null, string name = "ddp", string? masterId = "NIGHTSHIFTS-CD1")
    {
        programme ??= ReleaseFixtures.Album();
        var pcm = ReleaseFixtures.Pcm(programme.LengthFrames);
        var folder = _temp.File(name);
        DdpWriter.Write(folder, programme, new MemoryStream(pcm), masterId);
        return (folder, pcm);
    }

    [Fact]
    public void A_three_track_album_with_a_segue_a_gap_cd_text_and_isrcs_comes_back_exactly()
    {
        var album = ReleaseFixtures.Album();
        var (folder, pcm) = WriteAlbum(album);

        var image = DdpReader.Read(folder);
        var back = image.Programme;

        Assert.Empty(image.Warnings);
        Assert.Equal("CHECKSUM.MD5", image.ChecksumFile);
        Assert.Equal("NIGHTSHIFTS-CD1", image.MasterId);
        Assert.Equal(album.LengthFrames, back.LengthFrames);
        Assert.Equal(album.UpcEan, back.UpcEan);
        Assert.Equal(album.AlbumText, back.AlbumText);
        Assert.Equal(album.Tracks.Count, back.Tracks.Count);
        for (var i = 0; i < album.Tracks.Count; i++)
        {
            var (w, r) = (album.Tracks[i], back.Tracks[i]);
            Assert.Equal(w.Number, r.Number);
            Assert.Equal(w.Index0Frame, r.Index0Frame);
            Assert.Equal(w.Index1Frame, r.Index1Frame);
            Assert.Equal(w.ExtraIndexes, r.ExtraIndexes);
            Assert.Equal(w.Isrc, r.Isrc);
            Assert.Equal(w.TextOrNone, r.TextOrNone);
        }

        // The audio re-assembles bit for bit from where the reader says it is.
        Assert.Equal(pcm.LongLength, image.AudioLength);
        using var audio = image.OpenAudio();
        var read = new byte[image.AudioLength];
        audio.ReadExactly(read);
        Assert.Equal(pcm, read);
        Assert.Equal(audio.Length, audio.Position);
    }

    [Fact]
    public void Image_dat_holds_little_endian_samples_left_then_right_from_the_disc_start()
    {
        var (folder, pcm) = WriteAlbum();
        var image = File.ReadAllBytes(Path.Combine(folder, "IMAGE.DAT"));
        Assert.Equal(1575L * 2352, image.LongLength);
        // First frame: left 0x1234, right -2 (0xFFFE), low byte first, as in a WAV file and a BINARY cue/bin image.
        Assert.Equal(new byte[] { 0x34, 0x12, 0xFE, 0xFF }, image[..4]);
        Assert.Equal(pcm, image);
    }

    [Fact]
    public void The_pq_descriptor_has_absolute_times_isrcs_the_upc_and_a_doubled_lead_out()
    {
        var (folder, _) = WriteAlbum();
        var pq = File.ReadAllBytes(Path.Combine(folder, "PQDESCR"));
        Assert.Equal(0, pq.Length % 64);
        var entries = Enumerable.Range(0, pq.Length / 64).Select(i => Ascii(pq, i * 64, 64)).ToList();

        // VVVS, track, index, hh mm ss ff, control "01" (audio, no pre-emphasis, copy not permitted, Q mode 1).
        string[] expected =
        [
            "VVVS00000000000001", // lead-in
            "VVVS01000000000001", // track 1 index 00 at 00:00:00 (the disc's pause)
            "VVVS01010000020001", // track 1 index 01 at 00:02:00
            "VVVS02010000070001", // track 2 is a segue: no index 00, index 01 at 00:07:00 (525)
            "VVVS02020000080001", // track 2 index 02 at 00:08:00 (600)
            "VVVS03000000130001", // track 3 index 00 at 00:13:00 (975): the 3 s gap
            "VVVS03010000160001", // track 3 index 01 at 00:16:00 (1200)
            "VVVSAA010000210001", // lead-out at 00:21:00 (1575)
            "VVVSAA010000210001", // written twice, as DDP writers do
        ];
        Assert.Equal(expected, entries.Select(e => e[..18]));

        Assert.Equal(ReleaseFixtures.Upc, entries[0].Substring(32, 13));
        Assert.Equal("GBABC2400001", entries[1].Substring(20, 12));
        Assert.Equal("            ", entries[2].Substring(20, 12)); // only a track's first entry carries its ISRC
        Assert.Equal("GBABC2400002", entries[3].Substring(20, 12));
        Assert.Equal("GBABC2400003", entries[5].Substring(20, 12));
        Assert.All(entries.Skip(1), e => Assert.Equal(new string(' ', 13), e.Substring(32, 13)));
        Assert.All(entries, e => Assert.Equal(new string(' ', 19), e.Substring(45, 19)));
    }

    [Fact]
    public void Ddpid_and_ddpms_fields_are_where_ddp_2_00_puts_them()
    {
        var (folder, _) = WriteAlbum();
        var id = File.ReadAllBytes(Path.Combine(folder, "DDPID"));
        Assert.Equal(128, id.Length);
        Assert.Equal("DDP 2.00", Ascii(id, 0, 8));
        Assert.Equal("5012345678900", Ascii(id, 8, 13));
        Assert.Equal("NIGHTSHIFTS-CD1".PadRight(48), Ascii(id, 38, 48));
        Assert.Equal("CD", Ascii(id, 87, 2));
        Assert.Equal(new string(' ', 128 - 89), Ascii(id, 89, 128 - 89));

        var map = File.ReadAllBytes(Path.Combine(folder, "DDPMS"));
        Assert.Equal(3 * 128, map.Length);
        var packets = Enumerable.Range(0, 3).Select(i => Ascii(map, i * 128, 128)).ToList();
        Assert.All(packets, p => Assert.StartsWith("VVVM", p));
        Assert.All(packets, p => Assert.Equal("017", p.Substring(71, 3)));

        // Order as cue2ddp and HOFA write it: CD-Text, PQ descriptor, audio.
        Assert.Equal(["CDTEXT.BIN", "PQDESCR", "IMAGE.DAT"], packets.Select(p => p.Substring(74, 17).TrimEnd()));
        Assert.Equal(["S0", "S0", "D0"], packets.Select(p => p.Substring(4, 2)));
        Assert.Equal(["CDTEXT  ", "PQ DESCR", "        "], packets.Select(p => p.Substring(30, 8)));
        Assert.Equal("00", packets[0].Substring(55, 2));

        // Lengths: bytes for the subcode streams, sectors for the audio.
        Assert.Equal(new FileInfo(Path.Combine(folder, "CDTEXT.BIN")).Length, long.Parse(packets[0].Substring(14, 8)));
        Assert.Equal(new FileInfo(Path.Combine(folder, "PQDESCR")).Length, long.Parse(packets[1].Substring(14, 8)));
        Assert.Equal("00001575", packets[2].Substring(14, 8));
        Assert.Equal("DA70", packets[2].Substring(38, 4));  // CD-DA, complete 2352-byte sectors, not scrambled
        Assert.Equal("0150", packets[2].Substring(46, 4));  // the stream starts with track 1's 150-sector pause
    }

    [Fact]
    public void The_md5_file_lists_every_file_with_its_checksum_in_md5sum_format()
    {
        var (folder, _) = WriteAlbum();
        var lines = File.ReadAllText(Path.Combine(folder, "CHECKSUM.MD5"));
        Assert.DoesNotContain("\r", lines);
        var entries = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (Md5: l[..32], Separator: l.Substring(32, 2), Name: l[34..])).ToList();

        Assert.Equal(["DDPID", "DDPMS", "CDTEXT.BIN", "PQDESCR", "IMAGE.DAT"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(" *", e.Separator));
        foreach (var e in entries)
        {
            using var file = File.OpenRead(Path.Combine(folder, e.Name));
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(file)), e.Md5);
        }
        // Every file of the image is listed, and nothing else is in the folder.
        Assert.Equal(entries.Select(e => e.Name).Append("CHECKSUM.MD5").Order(),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        // The same file checked by coreutils' md5sum, as a plant would.
        var (code, output, error) = ReleaseFixtures.Run("md5sum", "coreutils", folder, "--check", "--strict", "CHECKSUM.MD5");
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public void A_programme_without_cd_text_has_no_cd_text_file_or_map_entry()
    {
        var (folder, _) = WriteAlbum(ReleaseFixtures.Album(text: false), masterId: null);
        Assert.False(File.Exists(Path.Combine(folder, "CDTEXT.BIN")));
        Assert.Equal(2 * 128, new FileInfo(Path.Combine(folder, "DDPMS")).Length);
        var image = DdpReader.Read(folder);
        Assert.Null(image.Programme.AlbumText);
        Assert.All(image.Programme.Tracks, t => Assert.Null(t.Text));
        Assert.Null(image.MasterId);
        Assert.Equal(["GBABC2400001", "GBABC2400002", "GBABC2400003"], image.Programme.Tracks.Select(t => t.Isrc));
    }

    [Fact]
    public void A_12_digit_upc_is_written_as_the_13_digit_catalogue_number()
    {
        var (folder, _) = WriteAlbum(ReleaseFixtures.Album() with { UpcEan = "036000291452" });
        Assert.Equal("0036000291452", Ascii(File.ReadAllBytes(Path.Combine(folder, "DDPID")), 8, 13));
        Assert.Equal("0036000291452", DdpReader.Read(folder).Programme.UpcEan);
    }

    [Fact]
    public void Writing_into_an_existing_folder_is_refused_and_leaves_it_untouched()
    {
        var folder = _temp.File("existing");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var album = ReleaseFixtures.Album();
        var e = Assert.Throws<IOException>(() => DdpWriter.Write(folder, album, new MemoryStream(ReleaseFixtures.Pcm(album.LengthFrames))));
        Assert.Contains("already exists", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_programme_that_breaks_red_book_is_refused_before_anything_is_written()
    {
        var album = ReleaseFixtures.Album() with { LengthFrames = 1440 };
        var folder = _temp.File("short");
        var e = Assert.Throws<CdProgrammeException>(() => DdpWriter.Write(folder, album, new MemoryStream(ReleaseFixtures.Pcm(1440))));
        Assert.Equal(["Track 3 is 3.2 s long; a CD track must be at least 4 s."], e.Problems);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Root));
    }

    [Fact]
    public void Cd_text_that_cannot_be_encoded_is_refused_before_anything_is_written()
    {
        var album = ReleaseFixtures.Album() with { AlbumText = new CdTextFields("Łódź Nights") };
        var e = Assert.Throws<CdProgrammeException>(() =>
            DdpWriter.Write(_temp.File("text"), album, new MemoryStream(ReleaseFixtures.Pcm(album.LengthFrames))));
        Assert.Contains("The album title \"Łódź Nights\" has \"Ł\" (U+0141)", Assert.Single(e.Problems));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Root));
    }

    [Theory]
    [InlineData(-2352, "The audio ends after 00:20:74")]
    [InlineData(4, "The audio is longer than the programme (00:21:00)")]
    public void Audio_that_does_not_match_the_programme_leaves_no_image_and_no_partial_folder(int extraBytes, string message)
    {
        var album = ReleaseFixtures.Album();
        var pcm = ReleaseFixtures.Pcm(album.LengthFrames);
        Array.Resize(ref pcm, pcm.Length + extraBytes);
        var e = Assert.Throws<AudioFileException>(() => DdpWriter.Write(_temp.File("ddp"), album, new MemoryStream(pcm)));
        Assert.StartsWith(message, e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Root));
    }
}
