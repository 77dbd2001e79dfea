using MasteringPortal.Audio;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Fuzz;

/// <summary>Tiny valid files of every variant the readers support, made with our own writers.</summary>
public static class Seeds
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Make()
    {
        var dir = Directory.CreateTempSubdirectory("mp-fuzz-seeds-").FullName;
        try
        {
            var list = new List<(string, byte[])>();
            void Add(string name, Func<string, AudioFileWriter> create, int channels)
            {
                var path = Path.Combine(dir, name);
                using (var w = create(path))
                {
                    var samples = new float[9 * channels];
                    for (var i = 0; i < samples.Length; i++) samples[i] = (float)Math.Sin(i * 0.7) * 0.9f;
                    w.Write(samples);
                    w.Complete();
                }
                list.Add((name, File.ReadAllBytes(path)));
            }
            Add("pcm16.wav", p => new WavWriter(p, PcmWriteFormat.Pcm16(44100, 2)), 2);
            Add("pcm24-mono.wav", p => new WavWriter(p, PcmWriteFormat.Pcm24(48000, 1)), 1);
            Add("pcm8.wav", p => new WavWriter(p, new PcmWriteFormat(8000, 1, 8)), 1);
            Add("float32.wav", p => new WavWriter(p, PcmWriteFormat.Float32(48000, 2)), 2);
            Add("float64-51.wav", p => new WavWriter(p, new PcmWriteFormat(48000, 6, 64, SampleEncoding.Float)), 6);
            Add("bext.wav", p => new WavWriter(p, PcmWriteFormat.Pcm24(48000, 2), new BextChunk { LoudnessValueLufs = -14, CodingHistory = "A=PCM\r\n" }), 2);
            Add("rf64.wav", p => new WavWriter(p, PcmWriteFormat.Pcm16(44100, 2)) { Rf64ThresholdBytes = 16 }, 2);
            Add("pcm16.aiff", p => new AiffWriter(p, PcmWriteFormat.Pcm16(44100, 2)), 2);
            Add("pcm24.aiff", p => new AiffWriter(p, PcmWriteFormat.Pcm24(96000, 1)), 1);
            Add("sowt.aifc", p => new AiffWriter(p, PcmWriteFormat.Pcm16(44100, 2), littleEndianSowt: true), 2);
            Add("fl32.aifc", p => new AiffWriter(p, PcmWriteFormat.Float32(48000, 2)), 2);
            return list;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
