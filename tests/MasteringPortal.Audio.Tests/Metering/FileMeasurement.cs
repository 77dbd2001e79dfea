using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Metering;

internal static class FileMeasurement
{
    /// <summary>Streams a file through a new meter in 100 ms blocks.</summary>
    public static LoudnessMeter Measure(string path, LoudnessMeterOptions? options = null)
    {
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        var format = source.Format;
        var meter = new LoudnessMeter(format.SampleRateHz, format.Channels, options);
        var buffer = new float[format.SampleRateHz / 10 * format.Channels];
        int frames;
        while ((frames = source.Read(buffer)) > 0) meter.AddFrames(buffer.AsSpan(0, frames * format.Channels));
        return meter;
    }
}
