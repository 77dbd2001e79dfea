using System.Buffers.Binary;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// A quick in-suite relative of the SharpFuzz target (scripts/fuzz.sh runs the long version): thousands
/// of deterministic mutations of valid WAV/AIFF files, each of which must either read completely (with
/// as many frames as declared) or be refused with an <see cref="AudioFileException"/>.
/// </summary>
public sealed class MutatedInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private byte[] Seed(string name, Func<string, AudioFileWriter> create, int channels)
    {
        var path = _temp.File(name);
        using (var w = create(path))
        {
            w.Write(Enumerable.Range(0, 11 * channels).Select(i => (float)Math.Sin(i)).ToArray());
            w.Complete();
        }
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Mutated_files_are_read_whole_or_refused_with_AudioFileException()
    {
        byte[][] seeds =
        [
            Seed("a.wav", p => new WavWriter(p, PcmWriteFormat.Pcm24(48000, 2), new BextChunk { LoudnessValueLufs = -9 }), 2),
            Seed("b.wav", p => new WavWriter(p, PcmWriteFormat.Float32(44100, 6)), 6),
            Seed("c.wav", p => new WavWriter(p, PcmWriteFormat.Pcm16(44100, 1)) { Rf64ThresholdBytes = 8 }, 1),
            Seed("d.aif", p => new AiffWriter(p, PcmWriteFormat.Pcm16(44100, 2)), 2),
            Seed("e.aif", p => new AiffWriter(p, new PcmWriteFormat(48000, 1, 64, SampleEncoding.Float)), 1),
        ];
        uint[] sizes = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
        var rng = new Random(20261124);
        var refused = 0;
        for (var i = 0; i < 5000; i++)
        {
            var data = (byte[])seeds[rng.Next(seeds.Length)].Clone();
            switch (rng.Next(4))
            {
                case 0: data[rng.Next(data.Length)] ^= (byte)(1 << rng.Next(8)); break;
                case 1: data[rng.Next(data.Length)] = (byte)rng.Next(256); break;
                case 2:
                {
                    var at = rng.Next(data.Length - 4);
                    var v = sizes[rng.Next(sizes.Length)];
                    if (rng.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), v);
                    else BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), v);
                    break;
                }
                default: data = data[..rng.Next(data.Length)]; break;
            }

            using var ms = new MemoryStream(data);
            try
            {
                using var source = AudioFile.OpenRead(ms);
                var frames = 0L;
                var block = new float[256 * source.Format.Channels];
                int n;
                while ((n = source.Read(block)) > 0) frames += n;
                Assert.Equal(source.LengthFrames, frames);
            }
            catch (AudioFileException)
            {
                refused++;
            }
        }
        Assert.InRange(refused, 1, 4999); // the mutations did bite, and not everything was refused
    }
}
