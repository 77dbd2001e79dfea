using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>Generated test material written as WAV files in a per-test temporary folder.</summary>
internal sealed class RenderTestFolder : IDisposable
{
    public RenderTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mp-render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class RenderTestSignals
{
    /// <summary>Writes a stereo 32-bit float WAV of <paramref name="seconds"/> from a sample function (channel, frame) → value.</summary>
    public static string Write(string path, int rateHz, double seconds, Func<int, long, double> sample, int channels = 2)
    {
        var frames = (long)(seconds * rateHz);
        using var writer = new WavWriter(path, PcmWriteFormat.Float32(rateHz, channels));
        var buffer = new float[1024 * channels];
        for (long start = 0; start < frames; start += 1024)
        {
            var n = (int)Math.Min(1024, frames - start);
            for (var i = 0; i < n; i++)
                for (var c = 0; c < channels; c++)
                    buffer[i * channels + c] = (float)sample(c, start + i);
            writer.Write(buffer.AsSpan(0, n * channels));
        }
        writer.Complete();
        return path;
    }

    /// <summary>Dense, noise-like: seeded white-ish noise, crest factor ~4 (a loud modern mix's spectrum aside).</summary>
    public static Func<int, long, double> DenseNoise(double rmsDbfs = -20)
    {
        var amplitude = Math.Pow(10, rmsDbfs / 20) * Math.Sqrt(3);
        return (c, i) => amplitude * (2 * Hash01((ulong)i * 2 + (ulong)c) - 1);
    }

    /// <summary>Tonal: a chord of sines (110, 440, 1320, 5000 Hz), slightly different per channel.</summary>
    public static Func<int, long, double> Tonal(int rateHz, double peakDbfs = -12)
    {
        var a = Math.Pow(10, peakDbfs / 20) / 4;
        return (c, i) =>
        {
            var t = i / (double)rateHz;
            return a * (Math.Sin(2 * Math.PI * 110 * t + c) + Math.Sin(2 * Math.PI * 440 * t) +
                        Math.Sin(2 * Math.PI * 1320 * t + 0.3 * c) + Math.Sin(2 * Math.PI * 5000 * t));
        };
    }

    /// <summary>Dynamic: alternating 3 s quiet (-40 dBFS) and loud (-8 dBFS peak) noise bursts with a tone, like verse/chorus.</summary>
    public static Func<int, long, double> Dynamic(int rateHz)
    {
        var noise = DenseNoise(-18);
        return (c, i) =>
        {
            var loud = (i / (3 * rateHz)) % 2 == 1;
            var tone = Math.Sin(2 * Math.PI * 220 * i / rateHz) * 0.1;
            var x = noise(c, i) + tone;
            return loud ? x * 1.4 : x * 0.03;
        };
    }

    /// <summary>
    /// Song-like: a kick with a pitch drop every 0.5 s, a stepped bass line, a three-note chord, off-beat
    /// hi-hats from noise (independent per channel) and a 20 s swell, so a limiter sees transients over a
    /// sustained bed the way it does on a mix.
    /// </summary>
    public static Func<int, long, double> Song(int rateHz, double gain = 0.5)
    {
        var hats = DenseNoise(-12);
        return (c, i) =>
        {
            var t = i / (double)rateHz;
            var beat = t % 0.5;
            var kick = Math.Sin(2 * Math.PI * (45 + 90 * Math.Exp(-25 * beat)) * beat) * Math.Exp(-7 * beat);
            var bass = 0.4 * Math.Sin(2 * Math.PI * 55 * Math.Pow(2, Math.Floor(t / 2 % 4) * 3 / 12) * t);
            var chord = 0.12 * (Math.Sin(2 * Math.PI * 220 * t + c) + Math.Sin(2 * Math.PI * 277.18 * t) + Math.Sin(2 * Math.PI * 329.63 * t + 1));
            var hat = hats(c, i) * Math.Exp(-45 * ((t + 0.25) % 0.5));
            var swell = 0.7 + 0.3 * Math.Sin(2 * Math.PI * t / 20);
            return gain * swell * (kick + bass + chord + hat);
        };
    }

    private static double Hash01(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
