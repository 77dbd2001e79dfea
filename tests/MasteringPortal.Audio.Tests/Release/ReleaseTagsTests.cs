using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>
/// Tags in delivered files (issue 20 §3 "Metadata"): <see cref="ReleaseTags"/> normalising, and the tagged WAV checked
/// byte by byte with a chunk walker of the tests' own, read back by ffprobe and by <see cref="WavTagReader"/>.
/// </summary>
public sealed class ReleaseTagsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Every field, with non-ASCII text, XML's special characters, a backslash and a line break in the comment.</summary>
    internal static readonly ReleaseTags Full = new(
        Title: "Ágætis byrjun",
        Artists: "Sigur Rós, Amiina",
        Album: "Ágætis byrjun – 20th Anniversary",
        AlbumArtist: "Sigur Rós",
        Composer: "Jón Þór Birgisson, Georg Hólm",
        Year: 1999,
        Label: "Smekkleysa – Ísland",
        Isrc: "gb-abc-24-00001",
        Upc: "5 012345 678900",
        TrackNumber: 3,
        TrackTotal: 10,
        Comment: "Mastered & \"approved\" <final> C:\\masters\nsecond line");

    /// <summary>The source's broadcast-wave chunk: loudness, history, time reference and identity that must survive tagging.</summary>
    private static readonly BextChunk SourceBext = new()
    {
        Description = "ISRC:GBOLD9900001",
        Originator = "Old Studio",
        OriginatorReference = "REF-0042",
        OriginationDate = "2023-04-05",
        OriginationTime = "10:11:12",
        TimeReferenceSamples = 123_456_789_012,
        Umid = Enumerable.Range(1, 64).Select(i => (byte)i).ToArray(),
        LoudnessValueLufs = -14.21,
        LoudnessRangeLu = 6.5,
        MaxTruePeakLevelDbtp = -1.07,
        MaxMomentaryLoudnessLufs = -9.3,
        MaxShortTermLoudnessLufs = -11.82,
        CodingHistory = "A=PCM,F=44100,W=16,M=stereo,T=MasteringPortal\r\n",
    };

    private static readonly byte[] Pcm = ReleaseFixtures.Pcm(40); // 40 CD frames: 0.53 s of 16-bit stereo noise

    /// <summary>
    /// A WAV the way a studio's tools leave it: padding, an old bext, old LIST-INFO, an ID3 chunk, an old iXML and axml,
    /// a marker chunk, then the audio.
    /// </summary>
    private static byte[] TaggedSource(byte[]? pcm = null) => ChunkFileBuilder.Riff()
        .Chunk("JUNK", new byte[28])
        .Fmt(1, 2, 44100, 16)
        .Chunk("bext", SourceBext.ToBytes())
        .Chunk("LIST", Info(("INAM", "Old title"), ("ICMT", "old comment"), ("ISRC", "GBOLD9900001")))
        .Chunk("id3 ", Id3v23("TIT2", "Old ID3 title"))
        .Chunk("iXML", Encoding.UTF8.GetBytes("<BWFXML><IXML_VERSION>1.5</IXML_VERSION><USER>ISRC=GBOLD9900001</USER></BWFXML>"))
        .Chunk("axml", Encoding.UTF8.GetBytes("<ebuCoreMain><identifier>ISRC:GBOLD9900001</identifier></ebuCoreMain>"))
        .Chunk("cue ", new byte[4])
        .Chunk("data", pcm ?? Pcm)
        .ToArray();

    private string WriteSource(byte[] bytes, string name = "source.wav")
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Tag(byte[] source, ReleaseTags tags, string name = "tagged.wav")
    {
        var output = _temp.File(name);
        WavTagWriter.WriteFile(WriteSource(source, "src-" + name), output, tags);
        return output;
    }

    // ---------------------------------------------------------------- ReleaseTags

    [Fact]
    public void Normalise_trims_composes_and_cleans_the_text_and_reduces_the_codes_to_their_digits()
    {
        var t = new ReleaseTags(Title: "  Cafe\u0301  ", Artists: "A,\tB", Album: "   ", Isrc: "ISRC: gb-abc-24-00001",
            Upc: "5 012345 678900", TrackNumber: 3, TrackTotal: 10, Comment: "one\r\ntwo\rthree").Normalise();

        Assert.Equal("Caf\u00e9", t.Title); // NFC: one code point for é
        Assert.Equal("A, B", t.Artists);
        Assert.Null(t.Album);
        Assert.Equal("GBABC2400001", t.Isrc);
        Assert.Equal("5012345678900", t.Upc);
        Assert.Equal("one\ntwo\nthree", t.Comment);
        Assert.Equal("3/10", t.TrackText);
        Assert.Equal("3", (t with { TrackTotal = null }).TrackText);
        Assert.Null((t with { TrackNumber = null }).TrackText);
        Assert.Equal("1999", new ReleaseTags(Year: 1999).YearText);
    }

    [Theory]
    [InlineData("isrc", "ISRC \"GB-ABC-24-0001\" has 11 characters")]
    [InlineData("upc", "UPC/EAN \"5012345678901\" ends in 1, but its check digit should be 0")]
    [InlineData("year", "The year 20245 is not a year of release; give it as four digits")]
    [InlineData("track0", "The track number is 0; track numbers start at 1.")]
    [InlineData("track>total", "The track number (12) is larger than the number of tracks on the release (10).")]
    public void Bad_codes_and_numbers_are_refused_with_a_sentence_that_says_what_to_fix(string what, string message)
    {
        var tags = what switch
        {
            "isrc" => new ReleaseTags(Isrc: "GB-ABC-24-0001"),
            "upc" => new ReleaseTags(Upc: "5012345678901"),
            "year" => new ReleaseTags(Year: 20245),
            "track0" => new ReleaseTags(TrackNumber: 0),
            _ => new ReleaseTags(TrackNumber: 12, TrackTotal: 10),
        };
        var e = Assert.Throws<ArgumentException>(() => tags.Normalise());
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("Sigur Rós – Ágætis byrjun", "Sigur Ros - Agaetis byrjun")]
    [InlineData("Þórður Ørn Straße “Ł”…", "Thordur Orn Strasse \"L\"...")]
    [InlineData("Björk 東京 Мумий", "Bjork")]
    [InlineData("Мумий Тролль", "")]
    public void Ascii_for_the_bext_chunk_drops_accents_spells_special_letters_and_leaves_out_the_rest(string text, string ascii) =>
        Assert.Equal(ascii, ReleaseTags.ToAscii(text));

    // ---------------------------------------------------------------- WAV: bytes

    [Fact]
    public void A_tagged_wav_has_the_sources_audio_bytes_its_bext_loudness_and_our_chunks_in_order()
    {
        var output = Tag(TaggedSource(), Full);
        var file = File.ReadAllBytes(output);
        var (magic, chunks) = RiffFile.Walk(file);

        Assert.Equal("RIFF", magic);
        Assert.Equal(["fmt ", "bext", "LIST", "iXML", "axml", "data"], chunks.Select(c => c.Id));
        Assert.Equal(Pcm, chunks.Single(c => c.Id == "data").Body);
        Assert.Equal(16, chunks[0].Body.Length);

        // bext, read field by field at the offsets of EBU Tech 3285 v2.
        var bext = chunks.Single(c => c.Id == "bext").Body;
        Assert.Equal("ISRC:GBABC2400001", RiffFile.Ascii(bext, 0, 256));
        Assert.Equal("Smekkleysa - Island", RiffFile.Ascii(bext, 256, 32));
        Assert.Equal("REF-0042", RiffFile.Ascii(bext, 288, 32));
        Assert.Equal("2023-04-05", RiffFile.Ascii(bext, 320, 10));
        Assert.Equal("10:11:12", RiffFile.Ascii(bext, 330, 8));
        Assert.Equal(123_456_789_012UL, BinaryPrimitives.ReadUInt64LittleEndian(bext.AsSpan(338)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bext.AsSpan(346)));
        Assert.Equal(SourceBext.Umid, bext.AsSpan(348, 64).ToArray());
        short[] loudness = [-1421, 650, -107, -930, -1182];
        for (var i = 0; i < loudness.Length; i++) Assert.Equal(loudness[i], BinaryPrimitives.ReadInt16LittleEndian(bext.AsSpan(412 + 2 * i)));
        Assert.Equal(SourceBext.CodingHistory, Encoding.ASCII.GetString(bext, 602, bext.Length - 602).TrimEnd('\0'));

        // LIST-INFO: UTF-8, NUL-terminated, even-padded; nothing of the old INFO (its title, comment, "ISRC" source) left.
        var info = RiffFile.Info(chunks.Single(c => c.Id == "LIST").Body);
        Assert.Equal(["INAM", "IART", "IPRD", "IMUS", "ICRD", "ITRK", "ICMT", "ISFT"], info.Select(e => e.Id));
        Assert.Equal("Ágætis byrjun", info[0].Value);
        Assert.Equal("Sigur Rós, Amiina", info[1].Value);
        Assert.Equal("Jón Þór Birgisson, Georg Hólm", info[3].Value);
        Assert.Equal("1999", info[4].Value);
        Assert.Equal("3/10", info[5].Value);
        Assert.Equal("Mastered & \"approved\" <final> C:\\masters\nsecond line", info[6].Value);
        Assert.Equal("MasteringPortal", info[7].Value);

        var axml = Encoding.UTF8.GetString(chunks.Single(c => c.Id == "axml").Body);
        Assert.Contains("<dc:identifier>ISRC:GBABC2400001</dc:identifier>", axml);
        Assert.Contains("formatLabel=\"ISRC\"", axml);
        Assert.DoesNotContain("GBOLD", Encoding.Latin1.GetString(file));
    }

    [Fact]
    public void Ffprobe_reads_back_title_artist_album_year_track_comment_composer_and_label_and_none_of_the_old_tags()
    {
        var source = WriteSource(TaggedSource());
        Assert.Contains("Old", Probe(source)["title"]); // the old tags were visible before tagging

        var tags = Probe(Tag(TaggedSource(), Full));

        Assert.Equal("Ágætis byrjun", tags["title"]);
        Assert.Equal("Sigur Rós, Amiina", tags["artist"]);
        Assert.Equal("Ágætis byrjun – 20th Anniversary", tags["album"]);
        Assert.Equal("1999", tags["date"]); // ICRD; LIST comes after bext, so it wins over the bext origination date
        Assert.Equal("3/10", tags["track"]);
        Assert.Equal("Mastered & \"approved\" <final> C:\\masters\nsecond line", tags["comment"]);
        Assert.Equal("Jón Þór Birgisson, Georg Hólm", tags["IMUS"]); // ffmpeg has no name for IMUS and shows its id
        Assert.Equal("Smekkleysa - Island", tags["encoded_by"]); // ffmpeg's name for the bext originator
        Assert.Equal("MasteringPortal", tags["encoder"]);
        Assert.DoesNotContain(tags.Values, v => v.Contains("Old", StringComparison.OrdinalIgnoreCase) || v.Contains("GBOLD", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_comment_ffprobe_shows_the_bext_description_with_the_isrc()
    {
        // ffmpeg reads the bext Description and INFO ICMT both as "comment"; with no ICMT the Description shows.
        var tags = Probe(Tag(TaggedSource(), Full with { Comment = null }));

        Assert.Equal("ISRC:GBABC2400001", tags["comment"]);
        Assert.Equal("Ágætis byrjun", tags["title"]);
    }

    [Fact]
    public void Our_reader_reads_back_every_field_and_where_each_is_kept()
    {
        var contents = WavTagReader.ReadContents(Tag(TaggedSource(), Full));

        Assert.Equal(Full.Normalise(), contents.Tags);
        Assert.Equal("GBABC2400001", contents.IxmlUser["ISRC"]);
        Assert.Equal("5012345678900", contents.IxmlUser["UPC"]);
        Assert.Equal("Jón Þór Birgisson, Georg Hólm", contents.IxmlUser["COMPOSER"]);
        Assert.Equal("Smekkleysa – Ísland", contents.IxmlUser["LABEL"]);
        Assert.Equal("Sigur Rós", contents.IxmlUser["ALBUMARTIST"]);
        Assert.Equal("1999", contents.IxmlUser["YEAR"]);
        Assert.Equal("Ágætis byrjun – 20th Anniversary", contents.IxmlProject);
        Assert.Equal(Full.Comment, contents.IxmlNote);
        Assert.Equal("GBABC2400001", contents.AxmlIsrc);
        Assert.Equal("ISRC:GBABC2400001", contents.Bext!.Description);
        Assert.Equal(-14.21, contents.Bext.LoudnessValueLufs);
        Assert.Equal("Ágætis byrjun", contents.Info["INAM"]);
        Assert.False(contents.Info.ContainsKey("ISRC")); // RIFF's ISRC means "source": we don't write it
    }

    [Fact]
    public void The_reader_also_understands_info_and_bext_written_by_other_tools()
    {
        var bext = new BextChunk { Description = "ISRC: GB-ABC-24-00009", Originator = "Other Label" }.ToBytes();
        var wav = ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("data", Pcm)
            .Chunk("LIST", Info(("INAM", "Title"), ("IART", "Artist"), ("IPRD", "Album"), ("IMUS", "Composer"), ("ICRD", "2001-05-02"),
                ("IPRT", "4/12"), ("ICMT", "Comment")))
            .Chunk("bext", bext) // after the audio, as some editors put it
            .ToArray();

        var tags = WavTagReader.Read(WriteSource(wav));

        Assert.Equal(new ReleaseTags("Title", "Artist", "Album", null, "Composer", 2001, "Other Label", "GBABC2400009", null, 4, 12, "Comment"), tags);
    }

    // ---------------------------------------------------------------- WAV: streams, sizes, RF64

    [Fact]
    public async Task Writing_forward_only_into_a_zip_entry_gives_the_same_bytes_as_a_file()
    {
        var expected = File.ReadAllBytes(Tag(TaggedSource(), Full));

        // Source and destination that can't seek: every byte goes out in order.
        var forward = new MemoryStream();
        await WavTagWriter.WriteAsync(new ForwardOnlyStream(new MemoryStream(TaggedSource()), write: false),
            new ForwardOnlyStream(forward, write: true), Full);
        Assert.Equal(expected, forward.ToArray());

        var zipPath = _temp.File("delivery.zip");
        await using (var zipFile = File.Create(zipPath))
        using (var zip = new ZipArchive(zipFile, ZipArchiveMode.Create))
        {
            await using var entry = zip.CreateEntry("03 Agaetis byrjun.wav").Open();
            Assert.False(entry.CanSeek);
            await WavTagWriter.WriteAsync(new MemoryStream(TaggedSource()), entry, Full);
        }
        using var read = ZipFile.OpenRead(zipPath);
        var inZip = new MemoryStream();
        await using (var s = read.Entries.Single().Open()) await s.CopyToAsync(inZip);
        Assert.Equal(expected, inZip.ToArray());
    }

    [Fact]
    public void An_rf64_float_source_becomes_plain_riff_with_its_fact_chunk_and_past_the_threshold_rf64_again()
    {
        const int frames = 4410;
        var samples = Enumerable.Range(0, frames * 2).Select(i => (float)Math.Sin(i * 0.01) * 0.5f).ToArray();
        var sourcePath = _temp.File("rf64-source.wav");
        using (var w = new WavWriter(sourcePath, PcmWriteFormat.Float32(48000, 2), SourceBext) { Rf64ThresholdBytes = 1000 })
        {
            w.Write(samples);
            w.Complete();
        }
        var sourceFile = File.ReadAllBytes(sourcePath);
        var (sourceMagic, sourceChunks) = RiffFile.Walk(sourceFile);
        Assert.Equal("RF64", sourceMagic);
        var audio = sourceChunks.Single(c => c.Id == "data").Body;

        var plainPath = _temp.File("plain.wav");
        WavTagWriter.WriteFile(sourcePath, plainPath, Full);
        var (plainMagic, plain) = RiffFile.Walk(File.ReadAllBytes(plainPath));
        Assert.Equal("RIFF", plainMagic);
        Assert.Equal(["fmt ", "fact", "bext", "LIST", "iXML", "axml", "data"], plain.Select(c => c.Id));
        Assert.Equal((uint)frames, BinaryPrimitives.ReadUInt32LittleEndian(plain[1].Body));
        Assert.Equal(audio, plain.Single(c => c.Id == "data").Body);

        var wide = new MemoryStream();
        using (var input = File.OpenRead(sourcePath))
            WavTagWriter.Write(input, new ForwardOnlyStream(wide, write: true), Full, DateTime.UtcNow, rf64AboveBytes: 1000);
        var widePath = WriteSource(wide.ToArray(), "wide.wav");
        var wideFile = wide.ToArray();
        var (wideMagic, wideChunks) = RiffFile.Walk(wideFile);
        Assert.Equal("RF64", wideMagic);
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(wideFile.AsSpan(4)));
        Assert.Equal(["ds64", "fmt ", "fact", "bext", "LIST", "iXML", "axml", "data"], wideChunks.Select(c => c.Id));
        var ds64 = wideChunks[0].Body;
        Assert.Equal((ulong)wideFile.Length - 8, BinaryPrimitives.ReadUInt64LittleEndian(ds64));
        Assert.Equal((ulong)audio.Length, BinaryPrimitives.ReadUInt64LittleEndian(ds64.AsSpan(8)));
        Assert.Equal((ulong)frames, BinaryPrimitives.ReadUInt64LittleEndian(ds64.AsSpan(16)));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(wideChunks[2].Body)); // fact: see ds64
        Assert.Equal(audio, wideChunks.Single(c => c.Id == "data").Body);

        // Our own reader and ffmpeg both take the RF64 copy: the same samples, and the tags.
        Assert.Equal(samples, AudioReading.ReadAll(widePath));
        Assert.Equal(frames, AudioFile.Probe(widePath, AudioTools.None).LengthFrames);
        Assert.Equal(Full.Normalise(), WavTagReader.Read(widePath));
        Assert.Equal("Ágætis byrjun", Probe(widePath)["title"]);
    }

    [Fact]
    public void Odd_sized_audio_and_text_are_padded_to_even_lengths_as_riff_requires()
    {
        var pcm = new byte[3 * 4411]; // 24-bit mono: an odd number of bytes
        new Random(3).NextBytes(pcm);
        var source = ChunkFileBuilder.Riff().Fmt(1, 1, 44100, 24).Chunk("data", pcm).ToArray();
        var tags = new ReleaseTags(Title: "Odd!", Artists: "Ünö");

        var output = Tag(source, tags);
        var file = File.ReadAllBytes(output);
        var (_, chunks) = RiffFile.Walk(file); // checks every chunk starts on an even offset and the file ends exactly

        Assert.Equal(0, file.Length % 2);
        Assert.Equal(pcm, chunks.Single(c => c.Id == "data").Body);
        Assert.Equal(0, file[^1]); // the pad byte after the audio
        Assert.Equal([("INAM", "Odd!"), ("IART", "Ünö"), ("ISFT", "MasteringPortal")], RiffFile.Info(chunks.Single(c => c.Id == "LIST").Body));
        Assert.Equal("Odd!", Probe(output)["title"]);
        Assert.Equal(tags, WavTagReader.Read(output));
    }

    [Fact]
    public void Without_a_source_bext_the_chunk_is_new_dated_today_signed_by_us_and_describes_the_track_in_ascii()
    {
        var source = _temp.File("plain-source.wav");
        ReleaseFixtures.WriteWav(source, Pcm);
        var output = _temp.File("plain-tagged.wav");
        var before = DateTime.UtcNow;
        WavTagWriter.WriteFile(source, output, new ReleaseTags(Title: "Ágætis byrjun", Artists: "Sigur Rós"));
        var after = DateTime.UtcNow;

        var bext = WavTagReader.ReadContents(output).Bext!;
        Assert.Equal("Sigur Ros - Agaetis byrjun", bext.Description);
        Assert.Equal("MasteringPortal", bext.Originator);
        Assert.Contains(bext.OriginationDate, new[] { before.ToString("yyyy-MM-dd"), after.ToString("yyyy-MM-dd") });
        Assert.Matches(@"^\d\d:\d\d:\d\d$", bext.OriginationTime);
        Assert.Equal(2, bext.Version);
        Assert.Null(bext.LoudnessValueLufs);
        Assert.Equal(Pcm, RiffFile.Walk(File.ReadAllBytes(output)).Chunks.Single(c => c.Id == "data").Body);
    }

    [Fact]
    public async Task A_wav_can_be_retagged_in_place_and_the_new_tags_replace_the_old_ones()
    {
        var path = WriteSource(TaggedSource(), "in-place.wav");
        await WavTagWriter.WriteFileAsync(path, path, Full);
        await WavTagWriter.WriteFileAsync(path, path, new ReleaseTags(Title: "Second pass"));

        var contents = WavTagReader.ReadContents(path);
        Assert.Equal(new ReleaseTags(Title: "Second pass"), contents.Tags);
        Assert.Equal(SourceBext.LoudnessValueLufs, contents.Bext!.LoudnessValueLufs); // kept through both passes
        Assert.Equal(Pcm, RiffFile.Walk(File.ReadAllBytes(path)).Chunks.Single(c => c.Id == "data").Body);
        Assert.Equal([path], Directory.GetFiles(_temp.Root)); // no partial file left beside it
    }

    [Fact]
    public void A_bext_chunk_after_the_audio_is_found_and_its_loudness_kept()
    {
        var source = ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("data", Pcm).Chunk("bext", SourceBext.ToBytes()).ToArray();

        var bext = WavTagReader.ReadContents(Tag(source, Full)).Bext!;

        Assert.Equal(SourceBext.LoudnessValueLufs, bext.LoudnessValueLufs);
        Assert.Equal(SourceBext.MaxShortTermLoudnessLufs, bext.MaxShortTermLoudnessLufs);
        Assert.Equal(SourceBext.CodingHistory, bext.CodingHistory);
        Assert.Equal("ISRC:GBABC2400001", bext.Description);
    }

    // ---------------------------------------------------------------- WAV: refusals

    public static TheoryData<string, string> BadWavs => new()
    {
        { "png", "This is not a WAV file: it looks like a PNG image. Tags can only be written into a WAV file this way." },
        { "text", "This is not a WAV file: it looks like a text document." },
        { "mp3", "This is not a WAV file: it is an MP3 file." },
        { "flac", "This is not a WAV file: it is a FLAC file." },
        { "empty", "This file is empty (0 bytes)." },
        { "cut-in-audio", "This file ends early: 0:00 of the 0:01 its header declares is present." },
        { "cut-in-header", "This WAV file ends early: it stops inside its header, before any audio." },
        { "no-data", "This WAV file is damaged: it contains no audio data section." },
        { "no-fmt", "This WAV file is damaged: it has no format section, so its audio cannot be interpreted." },
        { "unfinished", "This WAV file was never finished by the program that wrote it" },
        { "huge-chunk", "This WAV file is damaged: its header section 'LIST' claims to be longer than the whole file." },
    };

    private static byte[] BadWav(string kind)
    {
        var good = ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("data", new byte[44100 * 4]).ToArray();
        return kind switch
        {
            "png" => [0x89, .. "PNG\r\n\x1a\n"u8, .. new byte[40]],
            "text" => "These are my liner notes, not a WAV file at all."u8.ToArray(),
            "mp3" => [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, .. new byte[40]],
            "flac" => [.. "fLaC"u8, .. new byte[40]],
            "empty" => [],
            "cut-in-audio" => good[..(good.Length / 2)],
            "cut-in-header" => good[..30],
            "no-data" => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("LIST", Info(("INAM", "x"))).ToArray(),
            "no-fmt" => ChunkFileBuilder.Riff().Chunk("data", new byte[400]).ToArray(),
            "unfinished" => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("data", new byte[400], declaredSize: uint.MaxValue).ToArray(),
            _ => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("LIST", new byte[8], declaredSize: 1_000_000).Chunk("data", new byte[400]).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(BadWavs))]
    public void A_file_that_is_not_a_whole_wav_is_refused_in_plain_words_and_leaves_the_destination_as_it_was(string kind, string message)
    {
        var source = WriteSource(BadWav(kind), kind + ".wav");
        var output = _temp.File(kind + "-out.wav");
        File.WriteAllText(output, "the previous delivery"); // an earlier good copy must survive a failed re-tag

        var e = Assert.Throws<AudioFileException>(() => WavTagWriter.WriteFile(source, output, Full));

        Assert.StartsWith(message, e.Message);
        Assert.Equal("the previous delivery", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.partial"));
    }

    [Fact]
    public void A_missing_output_stays_missing_when_the_source_is_refused()
    {
        var output = _temp.File("never.wav");
        Assert.Throws<AudioFileException>(() => WavTagWriter.WriteFile(WriteSource(BadWav("cut-in-audio"), "cut.wav"), output, Full));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.partial"));
    }

    [Fact]
    public async Task A_forward_only_source_that_ends_inside_its_audio_is_refused_while_copying()
    {
        var cut = BadWav("cut-in-audio");
        var e = await Assert.ThrowsAsync<AudioFileException>(() =>
            WavTagWriter.WriteAsync(new ForwardOnlyStream(new MemoryStream(cut), write: false), new MemoryStream(), Full));
        Assert.StartsWith("This file ends early: 0:00 of the 0:01 its header declares is present.", e.Message);
    }

    [Fact]
    public void Bad_tags_are_refused_before_any_file_is_written()
    {
        var output = _temp.File("bad-tags.wav");
        var e = Assert.Throws<ArgumentException>(() =>
            WavTagWriter.WriteFile(WriteSource(TaggedSource()), output, Full with { Isrc = "GB-ABC-24-0001" }));
        Assert.StartsWith("ISRC \"GB-ABC-24-0001\" has 11 characters; an ISRC has 12", e.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_cancelled_tagging_leaves_nothing_behind()
    {
        var output = _temp.File("cancelled.wav");
        Assert.ThrowsAny<OperationCanceledException>(() =>
            WavTagWriter.WriteFile(WriteSource(TaggedSource()), output, Full, new CancellationToken(canceled: true)));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.partial"));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>ffprobe's format tags of a file (JSON output), keys as ffprobe prints them, compared ignoring case.</summary>
    internal static Dictionary<string, string> Probe(string path)
    {
        var (exit, output, error) = ReleaseFixtures.Run("ffprobe", "ffmpeg", Path.GetDirectoryName(path)!,
            "-v", "error", "-show_entries", "format_tags", "-of", "json", path);
        Assert.True(exit == 0, $"ffprobe failed: {error}");
        using var json = JsonDocument.Parse(output);
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (json.RootElement.GetProperty("format").TryGetProperty("tags", out var t))
            foreach (var p in t.EnumerateObject()) tags[p.Name] = p.Value.GetString()!;
        return tags;
    }

    /// <summary>A LIST-INFO body as other tools write it (NUL-terminated values, even-padded).</summary>
    internal static byte[] Info(params (string Id, string Value)[] entries)
    {
        var b = new MemoryStream();
        b.Write("INFO"u8);
        foreach (var (id, value) in entries)
        {
            var text = Encoding.UTF8.GetBytes(value + "\0");
            b.Write(Encoding.ASCII.GetBytes(id));
            b.Write(BitConverter.GetBytes((uint)text.Length));
            b.Write(text);
            if (text.Length % 2 == 1) b.WriteByte(0);
        }
        return b.ToArray();
    }

    /// <summary>A minimal ID3v2.3 tag with one text frame (ISO-8859-1).</summary>
    private static byte[] Id3v23(string frame, string text)
    {
        var body = new byte[] { 0 }.Concat(Encoding.Latin1.GetBytes(text)).ToArray();
        var frameBytes = Encoding.ASCII.GetBytes(frame).Concat(BitConverter.GetBytes(body.Length).Reverse()).Concat(new byte[2]).Concat(body).ToArray();
        var size = frameBytes.Length;
        byte[] header = [.. "ID3"u8, 3, 0, 0, (byte)(size >> 21 & 0x7F), (byte)(size >> 14 & 0x7F), (byte)(size >> 7 & 0x7F), (byte)(size & 0x7F)];
        return [.. header, .. frameBytes];
    }
}

/// <summary>
/// FLAC, MP3 and M4A tagged through ffmpeg's stream copy: tags read back by ffprobe and by parsing the tag blocks here
/// (ID3v2.4 frames, FLAC Vorbis comments, MP4 box order); the audio unchanged (ffmpeg's MD5 of the copied packets and of
/// the decoded samples); the old tags gone; damaged or misnamed input refused without leaving a file.
/// </summary>
public sealed class ReleaseTagsEncodedTests : IClassFixture<ReleaseTagsEncodedTests.Sources>, IDisposable
{
    /// <summary>One WAV and its FLAC, MP3 and M4A encodes, each carrying old tags, made once for the class.</summary>
    public sealed class Sources : IDisposable
    {
        public TempFolder Temp { get; } = new();

        public Sources()
        {
            var wav = Temp.File("master.wav");
            ReleaseFixtures.WriteWav(wav, ReleaseFixtures.Pcm(75)); // 1 s of noise
            foreach (var (ext, codec) in new[] { ("flac", "flac"), ("mp3", "libmp3lame"), ("m4a", "aac") })
            {
                var (exit, _, error) = ReleaseFixtures.Run("ffmpeg", "ffmpeg", Temp.Root, "-v", "error", "-y", "-i", wav, "-c:a", codec,
                    "-metadata", "title=Old title", "-metadata", "artist=Old artist", "-metadata", "comment=old comment", "-metadata", "genre=Old genre",
                    "-metadata", "TSRC=GBOLD9900001", "-metadata", "ISRC=GBOLD9900001", Temp.File("old." + ext));
                Assert.True(exit == 0, $"making the {ext} source failed: {error}");
            }
        }

        public string Old(string ext) => Temp.File("old." + ext);

        public void Dispose() => Temp.Dispose();
    }

    private static readonly AudioTools Tools = AudioTools.FromPath();
    private readonly Sources _sources;
    private readonly TempFolder _temp = new();

    public ReleaseTagsEncodedTests(Sources sources) => _sources = sources;

    public void Dispose() => _temp.Dispose();

    private string Tagged(string ext, ReleaseTags? tags = null)
    {
        var output = _temp.File($"tagged-{Guid.NewGuid():N}.{ext}");
        TaggedEncodes.Tag(_sources.Old(ext), output, tags ?? ReleaseTagsTests.Full, Tools);
        return output;
    }

    private static string Md5(string path, bool decode)
    {
        string[] codec = decode ? ["-c:a", "pcm_f32le"] : ["-c:a", "copy"];
        var (exit, output, error) = ReleaseFixtures.Run("ffmpeg", "ffmpeg", Path.GetDirectoryName(path)!,
            ["-v", "error", "-i", path, "-map", "0:a:0", .. codec, "-f", "md5", "-"]);
        Assert.True(exit == 0, $"ffmpeg md5 failed: {error}");
        Assert.StartsWith("MD5=", output);
        return output.Trim();
    }

    public static TheoryData<string, string[]> Expected => new()
    {
        {
            "flac",
            [
                "TITLE=Ágætis byrjun", "ARTIST=Sigur Rós, Amiina", "ALBUM=Ágætis byrjun – 20th Anniversary", "album_artist=Sigur Rós",
                "COMPOSER=Jón Þór Birgisson, Georg Hólm", "DATE=1999", "ORGANIZATION=Smekkleysa – Ísland", "LABEL=Smekkleysa – Ísland",
                "ISRC=GBABC2400001", "BARCODE=5012345678900", "track=3", "TRACKTOTAL=10",
                "comment=Mastered & \"approved\" <final> C:\\masters\nsecond line",
            ]
        },
        {
            "mp3",
            [
                "title=Ágætis byrjun", "artist=Sigur Rós, Amiina", "album=Ágætis byrjun – 20th Anniversary", "album_artist=Sigur Rós",
                "composer=Jón Þór Birgisson, Georg Hólm", "date=1999", "publisher=Smekkleysa – Ísland", "TSRC=GBABC2400001",
                "track=3/10", "BARCODE=5012345678900", "comment=Mastered & \"approved\" <final> C:\\masters\nsecond line",
            ]
        },
        {
            "m4a",
            [
                "title=Ágætis byrjun", "artist=Sigur Rós, Amiina", "album=Ágætis byrjun – 20th Anniversary", "album_artist=Sigur Rós",
                "composer=Jón Þór Birgisson, Georg Hólm", "date=1999", "track=3/10",
                "comment=Mastered & \"approved\" <final> C:\\masters\nsecond line",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Ffprobe_reads_the_new_tags_the_audio_is_unchanged_and_the_old_tags_are_gone(string ext, string[] expected)
    {
        var old = _sources.Old(ext);
        Assert.Equal("Old title", ReleaseTagsTests.Probe(old)["title"]); // the source really had tags

        var output = Tagged(ext);
        var tags = ReleaseTagsTests.Probe(output);

        foreach (var pair in expected)
        {
            var eq = pair.IndexOf('=');
            Assert.True(tags.TryGetValue(pair[..eq], out var value), $"{ext}: ffprobe shows no \"{pair[..eq]}\"; it shows {string.Join(", ", tags.Keys)}");
            Assert.Equal(pair[(eq + 1)..], value);
        }
        Assert.DoesNotContain(tags.Values, v => v.Contains("old", StringComparison.OrdinalIgnoreCase) || v.Contains("GBOLD", StringComparison.Ordinal));
        if (ext == "m4a") Assert.DoesNotContain(tags.Keys, k => k.Contains("ISRC", StringComparison.OrdinalIgnoreCase)); // ffmpeg can't write it: documented

        Assert.Equal(Md5(old, decode: false), Md5(output, decode: false)); // the very same packets
        Assert.Equal(Md5(old, decode: true), Md5(output, decode: true));   // and the same decoded samples
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.partial"));
    }

    [Fact]
    public void The_mp3_carries_an_id3v2_4_tag_with_the_standard_frames()
    {
        var bytes = File.ReadAllBytes(Tagged("mp3"));
        Assert.Equal((byte[])[.. "ID3"u8, 4, 0], bytes[..5]); // ID3v2.4.0
        var frames = Id3Frames(bytes);

        Assert.Equal("Ágætis byrjun", frames["TIT2"]);
        Assert.Equal("Sigur Rós, Amiina", frames["TPE1"]);
        Assert.Equal("Ágætis byrjun – 20th Anniversary", frames["TALB"]);
        Assert.Equal("Sigur Rós", frames["TPE2"]);
        Assert.Equal("Jón Þór Birgisson, Georg Hólm", frames["TCOM"]);
        Assert.Equal("1999", frames["TDRC"]);
        Assert.Equal("Smekkleysa – Ísland", frames["TPUB"]);
        Assert.Equal("GBABC2400001", frames["TSRC"]);
        Assert.Equal("3/10", frames["TRCK"]);
        Assert.Equal("5012345678900", frames["TXXX:BARCODE"]);
        Assert.False(frames.ContainsKey("TXXX:ISRC")); // the ISRC is in its own frame only
        Assert.DoesNotContain(frames.Values, v => v.Contains("old", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual((byte[])[.. "TAG"u8], bytes[^128..^125]); // no ID3v1 at the end
    }

    [Fact]
    public void The_flac_carries_vorbis_comments_and_its_streaminfo_md5_of_the_audio_is_unchanged()
    {
        var old = File.ReadAllBytes(_sources.Old("flac"));
        var bytes = File.ReadAllBytes(Tagged("flac"));
        var comments = FlacBlocks(bytes).Comments;

        Assert.Contains("TITLE=Ágætis byrjun", comments);
        Assert.Contains("ALBUMARTIST=Sigur Rós", comments);
        Assert.Contains("ORGANIZATION=Smekkleysa – Ísland", comments);
        Assert.Contains("LABEL=Smekkleysa – Ísland", comments);
        Assert.Contains("ISRC=GBABC2400001", comments);
        Assert.Contains("BARCODE=5012345678900", comments);
        Assert.Contains("TRACKNUMBER=3", comments);
        Assert.Contains("TRACKTOTAL=10", comments);
        Assert.Contains("DATE=1999", comments);
        Assert.Contains("DESCRIPTION=Mastered & \"approved\" <final> C:\\masters\nsecond line", comments);
        Assert.DoesNotContain(comments, c => c.Contains("old", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(FlacBlocks(old).StreamInfoMd5, FlacBlocks(bytes).StreamInfoMd5);
    }

    [Fact]
    public void The_m4a_has_its_index_before_the_audio_for_streaming()
    {
        var boxes = Mp4TopLevelBoxes(File.ReadAllBytes(Tagged("m4a")));
        Assert.Equal("ftyp", boxes[0]);
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), string.Join(" ", boxes));
    }

    [Fact]
    public void A_file_can_be_retagged_in_place_and_only_the_given_fields_remain()
    {
        var path = _temp.File("inplace.flac");
        File.Copy(_sources.Old("flac"), path);
        var md5 = Md5(path, decode: false);

        TaggedEncodes.Tag(path, path, new ReleaseTags(Title: "New", Isrc: "GBABC2400002"), Tools);

        var tags = ReleaseTagsTests.Probe(path);
        Assert.Equal("New", tags["TITLE"]);
        Assert.Equal("GBABC2400002", tags["ISRC"]);
        Assert.False(tags.ContainsKey("ARTIST"));
        Assert.Equal(md5, Md5(path, decode: false));
        Assert.Single(Directory.GetFiles(_temp.Root));
    }

    [Fact]
    public void A_wav_goes_through_the_wav_writer()
    {
        var output = _temp.File("via-encodes.wav");
        TaggedEncodes.Tag(_sources.Temp.File("master.wav"), output, ReleaseTagsTests.Full, AudioTools.None);
        Assert.Equal(ReleaseTagsTests.Full.Normalise(), WavTagReader.Read(output));
    }

    [Theory]
    [InlineData("text", "\"notes.flac\" is not an audio file: it looks like a text document. No tags were written.")]
    [InlineData("misnamed", "\"song.flac\" is named as a FLAC file but holds MP3 audio.")]
    [InlineData("damaged", "This file could not be decoded: it looks like FLAC but its data is damaged or incomplete.")]
    [InlineData("empty", "This file is empty (0 bytes).")]
    public void Damaged_or_misnamed_input_is_refused_in_plain_words_and_no_file_is_left(string kind, string message)
    {
        var (name, bytes) = kind switch
        {
            "text" => ("notes.flac", "Liner notes for the album, version 3."u8.ToArray()),
            "misnamed" => ("song.flac", File.ReadAllBytes(_sources.Old("mp3"))),
            "damaged" => ("damaged.flac", [.. "fLaC"u8, .. Enumerable.Repeat((byte)0xA5, 300)]),
            _ => ("empty.flac", Array.Empty<byte>()),
        };
        var input = _temp.File(name);
        File.WriteAllBytes(input, bytes);
        var output = _temp.File("out-" + name);

        var e = Assert.Throws<AudioFileException>(() => TaggedEncodes.Tag(input, output, ReleaseTagsTests.Full, Tools));

        Assert.StartsWith(message, e.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.partial"));
    }

    [Fact]
    public void Other_extensions_and_a_changed_extension_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => TaggedEncodes.Tag(_temp.File("a.ogg"), _temp.File("b.ogg"), ReleaseTagsTests.Full, Tools));
        Assert.StartsWith("Tags can be written into .wav, .flac, .mp3 and .m4a files; \"a.ogg\" is none of these.", e.Message);

        e = Assert.Throws<ArgumentException>(() => TaggedEncodes.Tag(_sources.Old("flac"), _temp.File("b.mp3"), ReleaseTagsTests.Full, Tools));
        Assert.StartsWith("The tagged copy of \"old.flac\" must keep its type", e.Message);
    }

    /// <summary>ID3v2.4 text frames by id (TXXX as "TXXX:description"); sizes are syncsafe in v2.4.</summary>
    private static Dictionary<string, string> Id3Frames(byte[] file)
    {
        static int Syncsafe(ReadOnlySpan<byte> b) => b[0] << 21 | b[1] << 14 | b[2] << 7 | b[3];
        var frames = new Dictionary<string, string>();
        var end = 10 + Syncsafe(file.AsSpan(6));
        for (var p = 10; p + 10 <= end && file[p] != 0;)
        {
            var id = Encoding.ASCII.GetString(file, p, 4);
            var size = Syncsafe(file.AsSpan(p + 4));
            var body = file.AsSpan(p + 10, size);
            if (id[0] == 'T')
            {
                Assert.Equal(3, body[0]); // UTF-8
                var text = Encoding.UTF8.GetString(body[1..]).TrimEnd('\0');
                if (id == "TXXX")
                {
                    var parts = text.Split('\0', 2);
                    frames["TXXX:" + parts[0]] = parts[1];
                }
                else frames[id] = text;
            }
            p += 10 + size;
        }
        return frames;
    }

    /// <summary>The Vorbis comments and the STREAMINFO audio MD5 of a FLAC file (its metadata blocks, parsed here).</summary>
    private static (List<string> Comments, string StreamInfoMd5) FlacBlocks(byte[] file)
    {
        Assert.Equal("fLaC"u8.ToArray(), file[..4]);
        var comments = new List<string>();
        var md5 = "";
        for (var p = 4; ;)
        {
            var last = (file[p] & 0x80) != 0;
            var type = file[p] & 0x7F;
            var length = file[p + 1] << 16 | file[p + 2] << 8 | file[p + 3];
            var body = file.AsSpan(p + 4, length);
            if (type == 0) md5 = Convert.ToHexString(body.Slice(18, 16));
            if (type == 4)
            {
                var q = 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(body);
                var count = BinaryPrimitives.ReadUInt32LittleEndian(body[q..]);
                q += 4;
                for (var i = 0; i < count; i++)
                {
                    var n = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[q..]);
                    comments.Add(Encoding.UTF8.GetString(body.Slice(q + 4, n)));
                    q += 4 + n;
                }
            }
            p += 4 + length;
            if (last) break;
        }
        return (comments, md5);
    }

    private static List<string> Mp4TopLevelBoxes(byte[] file)
    {
        var boxes = new List<string>();
        for (long p = 0; p + 8 <= file.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)p));
            boxes.Add(Encoding.ASCII.GetString(file, (int)p + 4, 4));
            if (size == 1) size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)p + 8));
            if (size < 8) break;
            p += size;
        }
        return boxes;
    }
}

/// <summary>The tests' own RIFF/RF64 walker: independent of the product's parser, strict about sizes and alignment.</summary>
internal static class RiffFile
{
    public sealed record Chunk(string Id, long Offset, byte[] Body);

    /// <summary>Every chunk of a WAV, checking that each starts on an even offset and the last one ends the file exactly.</summary>
    public static (string Magic, List<Chunk> Chunks) Walk(byte[] file)
    {
        var magic = Encoding.ASCII.GetString(file, 0, 4);
        Assert.Equal("WAVE", Encoding.ASCII.GetString(file, 8, 4));
        if (magic == "RIFF") Assert.Equal((uint)(file.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));
        var chunks = new List<Chunk>();
        ulong? ds64Data = null;
        long p = 12;
        while (p < file.Length)
        {
            Assert.Equal(0, p % 2);
            var id = Encoding.ASCII.GetString(file, (int)p, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)p + 4));
            if (id == "ds64") ds64Data = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)p + 16));
            if (size == uint.MaxValue && id == "data") size = (long)ds64Data!.Value;
            chunks.Add(new Chunk(id, p, file.AsSpan((int)p + 8, (int)size).ToArray()));
            p += 8 + size + (size & 1);
        }
        Assert.Equal(file.Length, p);
        return (magic, chunks);
    }

    /// <summary>LIST-INFO entries in order: size counts the NUL, the body is padded to even length.</summary>
    public static List<(string Id, string Value)> Info(byte[] list)
    {
        Assert.Equal("INFO", Encoding.ASCII.GetString(list, 0, 4));
        var entries = new List<(string, string)>();
        for (var p = 4; p < list.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(list.AsSpan(p + 4));
            Assert.Equal(0, list[p + 8 + size - 1]); // NUL-terminated
            entries.Add((Encoding.ASCII.GetString(list, p, 4), Encoding.UTF8.GetString(list, p + 8, size - 1)));
            p += 8 + size + (size & 1);
        }
        return entries;
    }

    public static string Ascii(byte[] bytes, int offset, int length)
    {
        var field = bytes.AsSpan(offset, length);
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end >= 0 ? field[..end] : field);
    }
}

/// <summary>A stream that can't seek or tell its position or length: a network stream, a ZIP entry, an HTTP response.</summary>
internal sealed class ForwardOnlyStream(Stream inner, bool write) : Stream
{
    public override bool CanRead => !write;
    public override bool CanWrite => write;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => write ? throw new NotSupportedException() : inner.Read(buffer, offset, Math.Min(count, 1000));
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!write) throw new NotSupportedException();
        inner.Write(buffer, offset, count);
    }
}
