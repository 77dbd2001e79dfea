using System.Text.Json;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// Every WAV and AIFF variant: writing already-quantised samples and reading them back gives the very
/// same values (bit-exact), and ffprobe (an independent parser) sees the header we meant to write.
/// </summary>
public sealed class WriterRoundTripTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Samples that the format represents exactly: random codes over the whole range, both extremes included.</summary>
    internal static float[] QuantisedSignal(PcmWriteFormat format, int frames, int seed)
    {
        var rng = new Random(seed);
        var samples = new float[frames * format.Channels];
        for (var i = 0; i < samples.Length; i++)
        {
            if (format.IsFloat)
            {
                samples[i] = (float)(rng.NextDouble() * 4 - 2); // floats keep overs: ±2.0
                continue;
            }
            // 32-bit: a float holds 24 significant bits, so use codes that are multiples of 2^8.
            var bits = Math.Min(format.BitDepth, 24);
            var full = 1L << (bits - 1);
            var code = rng.NextInt64(-full, full);
            samples[i] = (float)(code / (double)full);
        }
        samples[0] = format.IsFloat ? 1.5f : -1.0f; // most negative code
        samples[^1] = format.IsFloat ? -1.5f : (float)(1.0 - 1.0 / (1L << (Math.Min(format.BitDepth, 24) - 1))); // most positive code
        return samples;
    }

    public static TheoryData<string, int, int, int, SampleEncoding, bool> Variants => new()
    {
        // container, rate, channels, bits, encoding, AIFF-C sowt
        { "wav", 44100, 1, 8, SampleEncoding.Pcm, false },
        { "wav", 44100, 2, 16, SampleEncoding.Pcm, false },
        { "wav", 48000, 2, 24, SampleEncoding.Pcm, false },
        { "wav", 96000, 2, 32, SampleEncoding.Pcm, false },
        { "wav", 48000, 2, 32, SampleEncoding.Float, false },
        { "wav", 192000, 1, 64, SampleEncoding.Float, false },
        { "wav", 48000, 6, 24, SampleEncoding.Pcm, false },
        { "wav", 48000, 6, 32, SampleEncoding.Float, false },
        { "aiff", 44100, 1, 8, SampleEncoding.Pcm, false },
        { "aiff", 44100, 2, 16, SampleEncoding.Pcm, false },
        { "aiff", 88200, 2, 24, SampleEncoding.Pcm, false },
        { "aiff", 176400, 2, 32, SampleEncoding.Pcm, false },
        { "aiff", 44100, 2, 16, SampleEncoding.Pcm, true },
        { "aiff", 48000, 2, 32, SampleEncoding.Float, false },
        { "aiff", 32000, 1, 64, SampleEncoding.Float, false },
    };

    private static AudioFileWriter Create(string container, string path, PcmWriteFormat format, bool sowt) =>
        container == "wav" ? new WavWriter(path, format) : new AiffWriter(path, format, sowt);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Written_samples_read_back_bit_exact(string container, int rateHz, int channels, int bits, SampleEncoding encoding, bool sowt)
    {
        var format = new PcmWriteFormat(rateHz, channels, bits, encoding);
        var frames = 3001; // odd: exercises the pad byte for 8-bit mono / 24-bit mono
        var signal = QuantisedSignal(format, frames, seed: rateHz + bits);
        var path = _temp.File($"rt-{bits}-{channels}-{encoding}-{sowt}.{container}");
        using (var writer = Create(container, path, format, sowt))
        {
            writer.Write(signal.AsSpan(0, 7 * channels)); // uneven block sizes
            writer.Write(signal.AsSpan(7 * channels));
            writer.Complete();
        }

        var info = AudioFile.Probe(path, Ffmpeg.Tools);
        Assert.Equal(rateHz, info.Format.SampleRateHz);
        Assert.Equal(channels, info.Format.Channels);
        Assert.Equal(bits, info.Format.BitDepth);
        Assert.Equal(encoding, info.Format.Encoding);
        Assert.Equal(frames, info.LengthFrames);
        Assert.Equal(container == "wav" ? "wav" : encoding == SampleEncoding.Float || sowt ? "aifc" : "aiff", info.Format.Container);
        Assert.Equal(signal, AudioReading.ReadAll(path));
        Assert.Equal(0, new FileInfo(path).Length % 2); // RIFF / IFF chunks are padded to even length
    }

    [SkippableFact]
    public void Ffprobe_sees_the_headers_we_wrote_and_ffmpeg_decodes_the_same_samples()
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var cases = new List<(string Path, PcmWriteFormat Format, string Container, bool Sowt, float[] Signal)>();
        foreach (var row in Variants)
        {
            var (container, rateHz, channels, bits, encoding, sowt) = ((string)row[0], (int)row[1], (int)row[2], (int)row[3], (SampleEncoding)row[4], (bool)row[5]);
            var format = new PcmWriteFormat(rateHz, channels, bits, encoding);
            var signal = QuantisedSignal(format, 1001, seed: 7);
            var path = _temp.File($"ff-{bits}-{channels}-{encoding}-{sowt}.{container}");
            using (var writer = Create(container, path, format, sowt))
            {
                writer.Write(signal);
                writer.Complete();
            }
            cases.Add((path, format, container, sowt, signal));
        }

        // ffmpeg converts to float itself (codes / 2^(N-1), float overs kept), so its samples must equal ours.
        var decoded = Ffmpeg.DecodeManyF32(cases.Select(c => c.Path).ToArray());
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (path, format, container, sowt, signal) = cases[i];
            using var doc = JsonDocument.Parse(Ffmpeg.Probe(path, "-print_format", "json", "-show_streams"));
            var stream = doc.RootElement.GetProperty("streams")[0];
            var endian = container == "wav" || sowt ? "le" : "be";
            var expectedCodec = (format.Encoding, format.BitDepth) switch
            {
                (SampleEncoding.Float, var b) => $"pcm_f{b}{endian}",
                (_, 8) => container == "wav" ? "pcm_u8" : "pcm_s8",
                (_, var b) => $"pcm_s{b}{endian}",
            };
            Assert.Equal(expectedCodec, stream.GetProperty("codec_name").GetString());
            Assert.Equal(format.SampleRateHz.ToString(), stream.GetProperty("sample_rate").GetString());
            Assert.Equal(format.Channels, stream.GetProperty("channels").GetInt32());
            Assert.Equal(1001L, stream.GetProperty("duration_ts").GetInt64());
            if (format.Channels == 6) Assert.Equal("5.1", stream.GetProperty("channel_layout").GetString()); // mask 0x3F
            Assert.Equal(signal, decoded[i]);
        });
    }

    [Fact]
    public void Quantiser_rounds_to_the_nearest_code_and_clips_without_dither()
    {
        const float Lsb = 1f / 32768f;
        var path = _temp.File("round.wav");
        float[] input = [0.4f * Lsb, 0.6f * Lsb, -0.4f * Lsb, -0.6f * Lsb, 0.5f * Lsb, 1000.49f * Lsb, 1.0f, 1.7f, -1.0f, -3f, float.NaN, 0f];
        using (var w = new WavWriter(path, PcmWriteFormat.Pcm16(44100, 1)))
        {
            w.Write(input);
            w.Complete();
        }
        var codes = AudioReading.ReadAll(path).Select(x => (int)Math.Round(x * 32768)).ToArray();
        Assert.Equal([0, 1, 0, -1, 1, 1000, 32767, 32767, -32768, -32768, 0, 0], codes);
    }

    [Fact]
    public void Writing_the_same_quantised_signal_twice_gives_identical_files()
    {
        var format = PcmWriteFormat.Pcm24(48000, 2);
        var signal = QuantisedSignal(format, 500, 3);
        string Write(string name)
        {
            var p = _temp.File(name);
            using var w = new WavWriter(p, format);
            w.Write(signal);
            w.Complete();
            return p;
        }
        var a = Write("a.wav");
        var reread = AudioReading.ReadAll(a);
        var b = _temp.File("b.wav");
        using (var w = new WavWriter(b, format))
        {
            w.Write(reread);
            w.Complete();
        }
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }
}
