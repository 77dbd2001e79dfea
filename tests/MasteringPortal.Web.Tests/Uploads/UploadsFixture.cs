using MasteringPortal.Audio.IO;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// Upload tests get their own portal (own database and storage folder): they replace demo mixes, and other
/// test classes read the demo seed as it was.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UploadsCollection : ICollectionFixture<PortalWebFixture>
{
    public const string Name = "uploads over HTTP";
}

public static class TestAudio
{
    /// <summary>
    /// A 24-bit stereo 48 kHz WAV of a quiet sine, <paramref name="seconds"/> long (288,000 bytes of audio per second,
    /// so 3 s make four 256 KiB chunks with a short last one). <paramref name="seed"/> varies the dither, hence the bytes.
    /// </summary>
    public static byte[] Wav(double seconds, uint seed)
    {
        const int rate = 48_000;
        var frames = (int)(seconds * rate);
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++)
            samples[2 * i] = samples[2 * i + 1] = (float)(0.25 * Math.Sin(2 * Math.PI * 440 * i / rate));
        return DemoWav.Encode24(samples, 2, rate, seed);
    }

    public static AudioFileInfo Probe(byte[] wav)
    {
        using var stream = new MemoryStream(wav, writable: false);
        return AudioFile.Probe(stream);
    }
}
