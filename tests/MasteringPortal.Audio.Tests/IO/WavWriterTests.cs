using System.Buffers.Binary;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>RF64 switching, the bext chunk, and the write-then-rename guarantee.</summary>
public sealed class WavWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void A_file_over_the_threshold_becomes_rf64_with_a_ds64_chunk()
    {
        var path = _temp.File("big.wav");
        var format = PcmWriteFormat.Pcm24(48000, 2);
        var signal = WriterRoundTripTests.QuantisedSignal(format, 10_000, 11);
        using (var w = new WavWriter(path, format) { Rf64ThresholdBytes = 4096 })
        {
            w.Write(signal);
            w.Complete();
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RF64"u8.ToArray(), bytes[..4]);
        Assert.Equal(0xFFFFFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("ds64"u8.ToArray(), bytes[12..16]);
        // ds64: riffSize (file length - 8), dataSize (frames x 6 bytes), sampleCount (frames) - EBU Tech 3306.
        Assert.Equal(bytes.Length - 8L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(10_000L * 6, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(10_000L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(36)));

        var info = AudioFile.Probe(path, Ffmpeg.Tools);
        Assert.Equal("rf64", info.Format.Container);
        Assert.Equal(10_000, info.LengthFrames);
        Assert.Equal(signal, AudioReading.ReadAll(path));

        if (!Ffmpeg.Missing) Assert.Equal(signal, Ffmpeg.DecodeF32(path));
    }

    [Fact]
    public void A_small_file_stays_riff_with_a_junk_chunk_reserved()
    {
        var path = _temp.File("small.wav");
        using (var w = new WavWriter(path, PcmWriteFormat.Pcm16(44100, 2)))
        {
            w.Write(new float[200]);
            w.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("JUNK"u8.ToArray(), bytes[12..16]);
        Assert.Equal(28u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
    }

    [Fact]
    public void Bext_loudness_fields_are_stored_as_hundredths_and_read_back()
    {
        var path = _temp.File("bext.wav");
        var bext = new BextChunk
        {
            Description = "Track 3 master",
            Originator = "MasteringPortal",
            OriginatorReference = "REV-0042",
            OriginationDate = "2026-11-24",
            OriginationTime = "09:30:00",
            TimeReferenceSamples = 48000L * 3600 * 10 + 5,
            LoudnessValueLufs = -14.03,
            LoudnessRangeLu = 5.4,
            MaxTruePeakLevelDbtp = -1.0,
            MaxMomentaryLoudnessLufs = -9.87,
            MaxShortTermLoudnessLufs = -11.2,
            CodingHistory = "A=PCM,F=48000,W=24,M=stereo,T=MasteringPortal\r\n",
        };
        using (var w = new WavWriter(path, PcmWriteFormat.Pcm24(48000, 2), bext))
        {
            w.Write(new float[48]);
            w.Complete();
        }

        // Independent check of the on-disk encoding: int16 little-endian, value x 100 (EBU Tech 3285 v2).
        var bytes = File.ReadAllBytes(path);
        var body = bytes.AsSpan(bytes.AsSpan().IndexOf("bext"u8) + 8);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(body[346..]));
        Assert.Equal(-1403, BinaryPrimitives.ReadInt16LittleEndian(body[412..]));
        Assert.Equal(540, BinaryPrimitives.ReadInt16LittleEndian(body[414..]));
        Assert.Equal(-100, BinaryPrimitives.ReadInt16LittleEndian(body[416..]));
        Assert.Equal(-987, BinaryPrimitives.ReadInt16LittleEndian(body[418..]));
        Assert.Equal(-1120, BinaryPrimitives.ReadInt16LittleEndian(body[420..]));

        var read = AudioFile.Probe(path, Ffmpeg.Tools).Bext;
        Assert.NotNull(read);
        Assert.Equal(bext.Description, read.Description);
        Assert.Equal(bext.OriginatorReference, read.OriginatorReference);
        Assert.Equal(bext.OriginationDate, read.OriginationDate);
        Assert.Equal(bext.TimeReferenceSamples, read.TimeReferenceSamples);
        Assert.Equal(-14.03, read.LoudnessValueLufs);
        Assert.Equal(5.4, read.LoudnessRangeLu);
        Assert.Equal(-1.0, read.MaxTruePeakLevelDbtp);
        Assert.Equal(-9.87, read.MaxMomentaryLoudnessLufs);
        Assert.Equal(-11.2, read.MaxShortTermLoudnessLufs);
        Assert.Equal(bext.CodingHistory, read.CodingHistory);
        Assert.Equal(new float[48], AudioReading.ReadAll(path));

        if (Ffmpeg.Missing) return;
        // ffmpeg's own bext parser must find the fields at the offsets Tech 3285 defines (it renames them).
        using var doc = System.Text.Json.JsonDocument.Parse(Ffmpeg.Probe(path, "-print_format", "json", "-show_format"));
        var tags = doc.RootElement.GetProperty("format").GetProperty("tags");
        Assert.Equal("Track 3 master", tags.GetProperty("comment").GetString());
        Assert.Equal("MasteringPortal", tags.GetProperty("encoded_by").GetString());
        Assert.Equal("REV-0042", tags.GetProperty("originator_reference").GetString());
        Assert.Equal("2026-11-24", tags.GetProperty("date").GetString());
        Assert.Equal("09:30:00", tags.GetProperty("creation_time").GetString());
        Assert.Equal((48000L * 3600 * 10 + 5).ToString(), tags.GetProperty("time_reference").GetString());
    }

    [Fact]
    public void Unset_loudness_fields_are_written_as_0x7fff_and_read_as_null()
    {
        var path = _temp.File("bext-unset.wav");
        using (var w = new WavWriter(path, PcmWriteFormat.Pcm16(44100, 1), new BextChunk { LoudnessValueLufs = -23 }))
        {
            w.Write(new float[3]); // odd data size: the pad byte must not confuse the reader
            w.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        var body = bytes.AsSpan(bytes.AsSpan().IndexOf("bext"u8) + 8);
        Assert.Equal(0x7FFF, BinaryPrimitives.ReadInt16LittleEndian(body[414..]));
        var read = AudioFile.Probe(path, Ffmpeg.Tools).Bext!;
        Assert.Equal(-23.0, read.LoudnessValueLufs);
        Assert.Null(read.LoudnessRangeLu);
        Assert.Null(read.MaxTruePeakLevelDbtp);
    }

    [Fact]
    public void Nothing_appears_under_the_final_name_until_complete()
    {
        var path = _temp.File("atomic.wav");
        var w = new WavWriter(path, PcmWriteFormat.Pcm16(44100, 2));
        w.Write(new float[1000]);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(w.TempPath));
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(w.TempPath));
        w.Complete();
        w.Dispose();
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(w.TempPath));
    }

    [Fact]
    public void An_abandoned_write_leaves_the_previous_file_untouched_and_no_temp_file()
    {
        var path = _temp.File("keep.aif");
        File.WriteAllBytes(path, [1, 2, 3]);
        string temp;
        using (var w = new AiffWriter(path, PcmWriteFormat.Pcm16(44100, 2)))
        {
            w.Write(new float[1000]);
            temp = w.TempPath;
            // no Complete(): the render failed or was cancelled
        }
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.False(File.Exists(temp));
        Assert.Single(Directory.GetFiles(_temp.Root));
    }

    [Fact]
    public void Writing_a_partial_frame_is_refused()
    {
        using var w = new WavWriter(_temp.File("partial.wav"), PcmWriteFormat.Pcm16(44100, 2));
        Assert.Throws<ArgumentException>(() => w.Write(new float[3]));
    }

    [Fact]
    public void Unknown_chunks_with_odd_sizes_are_skipped_with_their_pad_byte()
    {
        var samples = new byte[] { 0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0x00, 0x80 }; // 0.5, -0.5, max, min (16-bit LE)
        var bytes = ChunkFileBuilder.Riff()
            .Chunk("LIST", new byte[7])          // odd: one pad byte follows
            .Fmt(1, 2, 44100, 16)
            .Chunk("iXML", new byte[3])
            .Chunk("data", samples)
            .Chunk("id3 ", new byte[5])
            .ToArray();
        var path = _temp.File("chunks.wav");
        File.WriteAllBytes(path, bytes);
        Assert.Equal([0.5f, -0.5f, 32767f / 32768f, -1f], AudioReading.ReadAll(path));
    }
}
