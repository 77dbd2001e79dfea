using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Codecs;

namespace MasteringPortal.Audio.Tests.IO;

internal static class AudioReading
{
    /// <summary>Reads a whole source in small odd-sized blocks (to exercise block boundaries).</summary>
    public static float[] ReadAll(IAudioSource source, int blockFrames = 1000)
    {
        var all = new List<float>();
        var buffer = new float[blockFrames * source.Format.Channels];
        int n;
        while ((n = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, n * source.Format.Channels));
        return all.ToArray();
    }

    public static float[] ReadAll(string path, AudioTools? tools = null)
    {
        using var source = AudioFile.OpenRead(path, tools ?? Ffmpeg.Tools);
        return ReadAll(source);
    }

    /// <summary>The whole file, one array per channel, with its sample rate.</summary>
    public static (float[][] Audio, int RateHz) ReadPlanar(string path)
    {
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        var channels = source.Format.Channels;
        var planar = Enumerable.Range(0, channels).Select(_ => new List<float>()).ToArray();
        var buffer = new float[4096 * channels];
        int frames;
        while ((frames = source.Read(buffer)) > 0)
            for (var i = 0; i < frames; i++)
                for (var c = 0; c < channels; c++) planar[c].Add(buffer[i * channels + c]);
        return (planar.Select(p => p.ToArray()).ToArray(), source.Format.SampleRateHz);
    }
}
