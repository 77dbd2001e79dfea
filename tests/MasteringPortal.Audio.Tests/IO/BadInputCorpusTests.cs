using System.Text;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Codecs;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// A generated corpus of damaged, hostile and mislabelled files. Each must be refused by both Probe and
/// OpenRead with an <see cref="AudioFileException"/> whose message says what is wrong in plain words
/// (never a stack trace, never another exception type, never a hang or a header-sized allocation).
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private static readonly AudioTools NoFfmpeg = AudioTools.None;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Rate80(double hz)
    {
        var b = new byte[10];
        Extended80.Write(hz, b);
        return b;
    }

    private static byte[] Silence(int bytes) => new byte[bytes];

    /// <summary>Case name → (file bytes, a phrase the message must contain).</summary>
    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private static readonly Dictionary<string, (Func<byte[]> Build, string Phrase)> Cases = new()
    {
        ["empty file"] = (() => [], "is empty"),
        ["text renamed .wav"] = (() => Encoding.UTF8.GetBytes("Hello, here are the mix notes for track 3: more vocals please.\n"), "not an audio file: it looks like a text document"),
        ["html renamed .wav"] = (() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>404</body></html>"), "not an audio file: it looks like a web page"),
        ["png renamed .wav"] = (() => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 1, 0], "not an audio file: it looks like a PNG image"),
        ["jpeg renamed .wav"] = (() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1], "not an audio file: it looks like a JPEG image"),
        ["pdf renamed .wav"] = (() => Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n"), "not an audio file: it looks like a PDF document"),
        ["zip renamed .wav"] = (() => [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0], "not an audio file: it looks like a ZIP archive"),
        ["unknown binary"] = (() => [0x00, 0x01, 0x02, 0x03, 0xFE, 0x10, 0x00, 0x99, 0x42, 0x00, 0x00, 0x07], "not in an audio format we recognise"),
        ["mp3 without ffmpeg"] = (() => [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x64], "This file is MP3; reading it needs ffmpeg, which is not installed on the server."),
        ["flac without ffmpeg"] = (() => [(byte)'f', (byte)'L', (byte)'a', (byte)'C', 0, 0, 0, 34], "This file is FLAC; reading it needs ffmpeg"),
        ["wav header only 10 bytes"] = (() => Encoding.ASCII.GetBytes("RIFF\u0024\0\0\0WA"), "ends early"),
        ["wav cut inside fmt"] = (() => ChunkFileBuilder.Riff().Id("fmt ").U32(16).U16(1).U16(2).ToArray(), "ends early"),
        ["wav truncated data 2:13 of 3:40"] = (() => ChunkFileBuilder.Riff().Fmt(1, 1, 8000, 8)
            .Id("data").U32(220 * 8000).Bytes(Silence(133 * 8000 + 77)).ToArray(),
            "This file ends early: 2:13 of the 3:40 its header declares is present. Please export it again."),
        ["wav huge declared data size"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16)
            .Id("data").U32(0xFFFFFFF0).Bytes(Silence(4000)).ToArray(), "ends early: 0:00 of the 6:45:47"),
        ["wav data size never finalised"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16)
            .Id("data").U32(0xFFFFFFFF).Bytes(Silence(4000)).ToArray(), "never finished"),
        ["wav fmt size past end of file"] = (() => ChunkFileBuilder.Riff().Id("fmt ").U32(0x7FFFFFF0)
            .U16(1).U16(2).U32(44100).U32(44100 * 4).U16(4).U16(16).ToArray(), "claims to be longer than the whole file"),
        ["wav unknown chunk past end of file"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16)
            .Chunk("LIST", Silence(10), declaredSize: 0xFFFFFF00).ToArray(), "claims to be longer than the whole file"),
        ["wav bext chunk past end of file"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16)
            .Chunk("bext", Silence(700), declaredSize: 0xFFFFFF00).ToArray(), "claims to be longer than the whole file"),
        ["wav zero channels"] = (() => ChunkFileBuilder.Riff().Fmt(1, 0, 44100, 16, blockAlign: 2).Chunk("data", Silence(8)).ToArray(), "no audio channels"),
        ["wav 65535 channels"] = (() => ChunkFileBuilder.Riff().Fmt(1, 65535, 44100, 16, blockAlign: 2).Chunk("data", Silence(8)).ToArray(), "claims 65535 channels"),
        ["wav zero sample rate"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 0, 16).Chunk("data", Silence(8)).ToArray(), "sample rate of 0 Hz"),
        ["wav 10 Hz sample rate"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 10, 16).Chunk("data", Silence(8)).ToArray(), "impossible sample rate (10 Hz)"),
        ["wav 4 GHz sample rate"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 4_000_000_000, 16).Chunk("data", Silence(8)).ToArray(), "impossible sample rate"),
        ["wav 40-bit pcm"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 40).Chunk("data", Silence(20)).ToArray(), "40-bit samples"),
        ["wav 16-bit float"] = (() => ChunkFileBuilder.Riff().Fmt(3, 2, 44100, 16).Chunk("data", Silence(8)).ToArray(), "16-bit floating point"),
        ["wav zero bits"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 0, blockAlign: 4).Chunk("data", Silence(8)).ToArray(), "0-bit samples"),
        ["wav adpcm without ffmpeg"] = (() => ChunkFileBuilder.Riff().Fmt(2, 2, 44100, 4, blockAlign: 2048).Chunk("data", Silence(2048)).ToArray(), "This file is MS ADPCM; reading it needs ffmpeg"),
        ["wav extensible too short"] = (() => ChunkFileBuilder.Riff().Fmt(0xFFFE, 2, 44100, 16).Chunk("data", Silence(8)).ToArray(), "extended format section is too short"),
        ["wav extensible unknown guid"] = (() => ChunkFileBuilder.Riff().Chunk("fmt ", new ChunkFileBuilderBody()
            .Extensible(2, 44100, 16, [0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])).Chunk("data", Silence(8)).ToArray(), "unknown sample format"),
        ["wav without fmt"] = (() => ChunkFileBuilder.Riff().Chunk("data", Silence(64)).ToArray(), "no format section"),
        ["wav without data"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Chunk("LIST", Silence(20)).ToArray(), "contains no audio data"),
        ["wav fmt too short"] = (() => ChunkFileBuilder.Riff().Chunk("fmt ", Silence(10)).Chunk("data", Silence(8)).ToArray(), "format section is too short"),
        ["wav garbage where a chunk should be"] = (() => ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16).Bytes([0x00, 0x01, 0xFF, 0x80, 1, 0, 0, 0, 9, 9]).ToArray(), "unreadable data"),
        ["wav 20000 zero-size chunks"] = (() =>
        {
            var b = ChunkFileBuilder.Riff().Fmt(1, 2, 44100, 16);
            for (var i = 0; i < 20000; i++) b.Chunk("JUNK", []);
            return b.Chunk("data", Silence(8)).ToArray();
        }, "thousands of sections"),
        ["rf64 without ds64"] = (() => ChunkFileBuilder.Riff("RF64", 0xFFFFFFFF).Fmt(1, 2, 44100, 16)
            .Id("data").U32(0xFFFFFFFF).Bytes(Silence(64)).ToArray(keepSize: true), "without the ds64 section"),
        ["rf64 ds64 with an absurd data size"] = (() => ChunkFileBuilder.Riff("RF64", 0xFFFFFFFF)
            .Id("ds64").U32(28).U64(1UL << 62).U64(1UL << 62).U64(1UL << 60).U32(0)
            .Fmt(1, 2, 48000, 24).Id("data").U32(0xFFFFFFFF).Bytes(Silence(600)).ToArray(keepSize: true), "ends early: 0:00 of the"),
        ["rf64 ds64 cut short"] = (() => ChunkFileBuilder.Riff("RF64", 0xFFFFFFFF).Id("ds64").U32(28).U64(100).ToArray(keepSize: true), "ds64"),
        ["aiff truncated sound data"] = (() => ChunkFileBuilder.Form().Comm(2, 44100 * 10, 16, Rate80(44100))
            .Id("SSND").U32(8 + 44100 * 40).U32(0).U32(0).Bytes(Silence(44100 * 4 * 3 + 5)).ToArray(), "This file ends early: 0:03 of the 0:10"),
        ["aiff comm says more frames than ssnd holds"] = (() => ChunkFileBuilder.Form().Comm(1, 48000 * 70, 16, Rate80(48000))
            .Chunk("SSND", Silence(8 + 48000 * 2 * 65)).ToArray(), "ends early: 1:05 of the 1:10"),
        ["aiff zero channels"] = (() => ChunkFileBuilder.Form().Comm(0, 10, 16, Rate80(44100)).Chunk("SSND", Silence(48)).ToArray(), "no audio channels"),
        ["aiff zero sample rate"] = (() => ChunkFileBuilder.Form().Comm(2, 10, 16, new byte[10]).Chunk("SSND", Silence(48)).ToArray(), "sample rate of 0 Hz"),
        ["aiff infinite sample rate"] = (() => ChunkFileBuilder.Form().Comm(2, 10, 16, [0x7F, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0]).Chunk("SSND", Silence(48)).ToArray(), "sample rate of 0 Hz"),
        ["aiff 1e300 Hz sample rate"] = (() => ChunkFileBuilder.Form().Comm(2, 10, 16, [0x43, 0xE4, 0xBF, 0, 0, 0, 0, 0, 0, 0]).Chunk("SSND", Silence(48)).ToArray(), "impossible sample rate"),
        ["aiff 100 channels"] = (() => ChunkFileBuilder.Form().Comm(100, 10, 16, Rate80(44100)).Chunk("SSND", Silence(48)).ToArray(), "claims 100 channels"),
        ["aiff 48-bit samples"] = (() => ChunkFileBuilder.Form().Comm(2, 1, 48, Rate80(44100)).Chunk("SSND", Silence(20)).ToArray(), "48-bit samples"),
        ["aiff comm past end of file"] = (() => ChunkFileBuilder.Form().Chunk("MARK", Silence(4)).Id("COMM").U32(0x7FFFFFFF).Bytes(Silence(4)).ToArray(), "ends early"),
        ["aiff without comm"] = (() => ChunkFileBuilder.Form().Chunk("SSND", Silence(48)).ToArray(), "no format section"),
        ["aiff ssnd offset outside itself"] = (() => ChunkFileBuilder.Form().Comm(2, 1, 16, Rate80(44100)).Id("SSND").U32(16).U32(0xFFFFFFF0).U32(0).Bytes(Silence(8)).ToArray(), "points outside itself"),
        ["aifc ima4 without ffmpeg"] = (() => ChunkFileBuilder.Form("AIFC").Comm(2, 64, 16, Rate80(44100), "ima4").Chunk("SSND", Silence(8 + 34 * 2)).ToArray(), "reading it needs ffmpeg"),
        ["aifc without compression type"] = (() => ChunkFileBuilder.Form("AIFC").Comm(2, 1, 16, Rate80(44100)).Chunk("SSND", Silence(12)).ToArray(), "no compression type"),
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Damaged_or_mislabelled_file_is_refused_with_a_plain_message(string caseName)
    {
        var (build, phrase) = Cases[caseName];
        var path = _temp.File(caseName.Replace(' ', '_').Replace(':', '_').Replace('.', '_') + ".wav");
        File.WriteAllBytes(path, build());

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var probe = Assert.Throws<AudioFileException>(() => AudioFile.Probe(path, NoFfmpeg));
        // Header values (sizes up to 2^62, 65535 channels) must never size a buffer: refusing costs little memory.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, 0, 1024 * 1024);
        var open = Assert.Throws<AudioFileException>(() =>
        {
            using var source = AudioFile.OpenRead(path, NoFfmpeg);
            AudioReading.ReadAll(source);
        });

        foreach (var e in new[] { probe, open })
        {
            Assert.Contains(phrase, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_temp.Root, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stream_overloads_refuse_the_same_files()
    {
        foreach (var (name, (build, phrase)) in Cases)
        {
            using var ms = new MemoryStream(build());
            var e = Assert.Throws<AudioFileException>(() =>
            {
                AudioFile.Probe(ms);
                using var s = AudioFile.OpenRead(ms, leaveOpen: true);
                AudioReading.ReadAll(s);
            });
            if (!phrase.Contains("reading it needs ffmpeg")) Assert.True(e.Message.Contains(phrase), $"{name}: {e.Message}");
        }
    }
}

/// <summary>Builds an extensible fmt body with an arbitrary sub-format GUID.</summary>
internal sealed class ChunkFileBuilderBody
{
    public byte[] Extensible(int channels, uint rateHz, int bits, byte[] guid)
    {
        var align = channels * bits / 8;
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write((ushort)0xFFFE); w.Write((ushort)channels); w.Write(rateHz); w.Write((uint)(rateHz * align));
        w.Write((ushort)align); w.Write((ushort)bits); w.Write((ushort)22); w.Write((ushort)bits); w.Write(3u); w.Write(guid);
        return ms.ToArray();
    }
}
