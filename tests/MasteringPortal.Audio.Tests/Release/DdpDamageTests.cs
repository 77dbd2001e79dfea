using System.Text;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>
/// Damaged, truncated and malformed DDP images: the reader answers every one with an <see cref="AudioFileException"/>
/// whose message names the file and says what is wrong, never with another exception type.
/// </summary>
public sealed class DdpDamageTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _folder;

    public DdpDamageTests()
    {
        var album = ReleaseFixtures.Album();
        _folder = _temp.File("ddp");
        DdpWriter.Write(_folder, album, new MemoryStream(ReleaseFixtures.Pcm(album.LengthFrames)));
    }

    public void Dispose() => _temp.Dispose();

    private string PathOf(string name) => Path.Combine(_folder, name);

    private AudioFileException Refused(bool verifyChecksums = false) =>
        Assert.Throws<AudioFileException>(() => DdpReader.Read(_folder, verifyChecksums));

    private void Patch(string file, int offset, string ascii)
    {
        var bytes = File.ReadAllBytes(PathOf(file));
        Encoding.ASCII.GetBytes(ascii).CopyTo(bytes, offset);
        File.WriteAllBytes(PathOf(file), bytes);
    }

    [Fact]
    public void One_changed_byte_in_image_dat_is_reported_as_damage()
    {
        using (var image = File.Open(PathOf("IMAGE.DAT"), FileMode.Open, FileAccess.ReadWrite))
        {
            image.Position = 1_000_003;
            var b = image.ReadByte();
            image.Position = 1_000_003;
            image.WriteByte((byte)(b ^ 0x01));
        }

        var e = Refused(verifyChecksums: true);
        Assert.Equal("The DDP image is damaged: IMAGE.DAT doesn't match its checksum in CHECKSUM.MD5: the file has changed or been damaged " +
                     "since the image was made. Ask for a fresh copy of the image.", e.Message);

        // The structure is intact: only the checksum could tell.
        Assert.Equal(3, DdpReader.Read(_folder, verifyChecksums: false).Programme.Tracks.Count);
    }

    [Fact]
    public void A_missing_file_listed_in_the_checksums_is_reported()
    {
        File.Delete(PathOf("CDTEXT.BIN"));
        Assert.Contains("CDTEXT.BIN is listed in CHECKSUM.MD5 but missing from the folder", Refused(verifyChecksums: true).Message);
        Assert.Contains("DDPMS names CDTEXT.BIN as the CD-Text, but there is no such file in the folder.", Refused().Message);
    }

    [Fact]
    public void An_image_without_a_checksum_file_is_read_with_a_warning()
    {
        File.Delete(PathOf("CHECKSUM.MD5"));
        var image = DdpReader.Read(_folder);
        Assert.Null(image.ChecksumFile);
        Assert.Contains(image.Warnings, w => w.Contains("no checksum file"));
    }

    [Fact]
    public void A_truncated_ddpms_is_reported_as_damaged_by_the_checksum_and_by_its_length()
    {
        var map = File.ReadAllBytes(PathOf("DDPMS"));
        File.WriteAllBytes(PathOf("DDPMS"), map[..200]);
        Assert.Contains("DDPMS doesn't match its checksum", Refused(verifyChecksums: true).Message);
        Assert.Equal("DDPMS is 200 bytes long, which isn't a whole number of 128-byte entries; the file is damaged or cut short.", Refused().Message);
    }

    [Fact]
    public void A_ddpms_that_lost_its_audio_entry_says_so()
    {
        var map = File.ReadAllBytes(PathOf("DDPMS"));
        File.WriteAllBytes(PathOf("DDPMS"), map[..256]);
        Assert.Equal("DDPMS lists no audio (a D0 stream in CD mode DA), so this isn't the image of an audio CD.", Refused().Message);
    }

    [Fact]
    public void A_missing_ddpid_or_image_dat_is_named()
    {
        File.Delete(PathOf("IMAGE.DAT"));
        Assert.Equal("DDPMS names IMAGE.DAT as the audio, but there is no such file in the folder.", Refused().Message);
        File.Delete(PathOf("DDPID"));
        Assert.Equal("The folder has no DDPID file, so it isn't a complete DDP image.", Refused().Message);
    }

    [Fact]
    public void An_image_dat_cut_short_is_reported_as_incomplete()
    {
        using (var image = File.Open(PathOf("IMAGE.DAT"), FileMode.Open)) image.SetLength(image.Length - 1000);
        Assert.Contains("IMAGE.DAT holds 3,703,400 bytes of audio, 1,000 fewer than the 1575 sectors (3,704,400 bytes) DDPMS describes", Refused().Message);
    }

    [Theory]
    [InlineData(0, "XXXX", "Entry 1 of PQDESCR doesn't start with \"VVVS\"; the file is damaged.")]
    [InlineData(64 + 4, "Q1", "Entry 2 of PQDESCR has the track number \"Q1\", which isn't 00 to 99 or AA (the lead-out); the file is damaged.")]
    [InlineData(128 + 12, "7x", "Entry 3 of PQDESCR has the time \"00007x00\", which isn't a valid hours-minutes-seconds-frames time; the file is damaged.")]
    [InlineData(128 + 14, "80", "Entry 3 of PQDESCR has the time \"00000280\", which isn't a valid hours-minutes-seconds-frames time; the file is damaged.")]
    [InlineData(192 + 4, "03", "Entry 4 of PQDESCR is for track 3, but the previous track was 1; tracks must follow each other in order (1, 2, 3, …).")]
    [InlineData(192 + 6, "05", "Entry 4 of PQDESCR gives track 2 index 05 without index 04 before it; the file is damaged.")]
    [InlineData(512 + 12, "22", "PQDESCR gives two different lead-out times, 00:21:00 and 00:22:00; the file is damaged.")]
    public void Garbage_in_the_pq_descriptor_gives_a_readable_message(int offset, string garbage, string message)
    {
        Patch("PQDESCR", offset, garbage);
        Assert.Equal(message, Refused().Message);
    }

    [Fact]
    public void A_lead_out_that_disagrees_with_the_audio_length_is_refused()
    {
        Patch("PQDESCR", 448 + 10, "30");
        Patch("PQDESCR", 512 + 10, "30");
        Assert.Equal("The lead-out in PQDESCR is at 30:21:00, but the audio is 00:21:00 long (DDPMS); the track list and the audio don't match.",
            Refused().Message);
    }

    [Fact]
    public void A_pq_descriptor_of_random_bytes_or_cut_short_is_refused()
    {
        var length = new FileInfo(PathOf("PQDESCR")).Length;
        var junk = new byte[length];
        new Random(7).NextBytes(junk);
        File.WriteAllBytes(PathOf("PQDESCR"), junk);
        Assert.Equal("Entry 1 of PQDESCR doesn't start with \"VVVS\"; the file is damaged.", Refused().Message);

        File.WriteAllBytes(PathOf("PQDESCR"), junk[..100]);
        Assert.Equal($"PQDESCR is 100 bytes long, but DDPMS says {length}; the file is damaged or cut short.", Refused().Message);
    }

    [Fact]
    public void Bad_numbers_and_names_in_the_map_and_identifier_give_readable_messages()
    {
        Patch("DDPMS", 256 + 18, "15x5");
        Assert.Equal("Entry 3 of DDPMS has the length \"000015x5\", which isn't a number; the file is damaged.", Refused().Message);
        Patch("DDPMS", 256 + 18, "1575");
        Patch("DDPMS", 256 + 74, "../../etc/passwd ");
        Assert.Equal("Entry 3 of DDPMS names the file \"../../etc/passwd\", which isn't a plain file name in the image folder; the file is damaged.", Refused().Message);

        Patch("DDPID", 0, "DDP 1.01");
        Assert.Equal("This is a DDP 1.01 image; this reader reads DDP 2.00 images.", Refused().Message);
        Patch("DDPID", 0, "RIFF....");
        Assert.Equal("DDPID starts with \"RIFF....\" instead of \"DDP 2.00\", so this isn't a DDP 2.00 image (or the file is damaged).", Refused().Message);
    }

    [Fact]
    public void A_damaged_cd_text_pack_is_reported()
    {
        var text = File.ReadAllBytes(PathOf("CDTEXT.BIN"));
        text[18 * 4 + 9] ^= 0x40;
        File.WriteAllBytes(PathOf("CDTEXT.BIN"), text);
        Assert.StartsWith("CDTEXT.BIN is damaged: the checksum of pack 5 of", Refused().Message);
    }

    [Fact]
    public void Random_damage_to_any_descriptor_is_either_read_or_refused_with_an_audio_file_exception()
    {
        var names = new[] { "DDPID", "DDPMS", "PQDESCR", "CDTEXT.BIN" };
        var originals = names.ToDictionary(n => n, n => File.ReadAllBytes(PathOf(n)));
        var random = new Random(2026);
        for (var round = 0; round < 300; round++)
        {
            var name = names[random.Next(names.Length)];
            var bytes = (byte[])originals[name].Clone();
            switch (random.Next(4))
            {
                case 0: // a few bytes changed to anything
                    for (var k = random.Next(1, 4); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1: // a few bytes changed to digits, spaces or letters the parser looks for
                    for (var k = random.Next(1, 4); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)" 0159AVS-."[random.Next(10)];
                    break;
                case 2: // cut short
                    Array.Resize(ref bytes, random.Next(bytes.Length));
                    break;
                default: // grown
                    Array.Resize(ref bytes, bytes.Length + random.Next(1, 200));
                    break;
            }
            File.WriteAllBytes(PathOf(name), bytes);
            try
            {
                DdpReader.Read(_folder, verifyChecksums: false);
            }
            catch (AudioFileException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.DoesNotContain("Exception", e.Message);
            }
            File.WriteAllBytes(PathOf(name), originals[name]);
        }
    }
}
