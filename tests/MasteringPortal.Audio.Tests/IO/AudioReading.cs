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
}
