using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.IO;
using MasteringPortal.Web.Demo;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>Real intake analyses of short synthesised mixes, made by the audio engine itself, for page tests.</summary>
public static class TestMixes
{
    /// <summary>Stereo sines (220 Hz left, 330 Hz right) at the given peak, with optional hard clipping at full scale.</summary>
    public static byte[] Wav(double peakDbfs, double seconds = 4, bool clipped = false, int rate = 44100)
    {
        var frames = (int)(seconds * rate);
        var samples = new float[frames * 2];
        var amplitude = Math.Pow(10, peakDbfs / 20);
        for (var i = 0; i < frames; i++)
        {
            var t = i / (double)rate;
            var drive = clipped ? 2.0 : 1.0;
            samples[2 * i] = (float)Math.Clamp(amplitude * drive * Math.Sin(2 * Math.PI * 220 * t), -amplitude, amplitude);
            samples[2 * i + 1] = (float)Math.Clamp(amplitude * drive * Math.Sin(2 * Math.PI * 330 * t), -amplitude, amplitude);
        }
        return DemoWav.Encode24(samples, 2, rate, ditherSeed: 7);
    }

    public static IntakeAnalysis Analyse(byte[] wav)
    {
        using var source = AudioFile.OpenRead(new MemoryStream(wav, writable: false));
        return IntakeAnalyzer.Analyze(source);
    }

    /// <summary>A mix that clips at 0 dBFS: the headroom and clipping checks are problems.</summary>
    public static IntakeAnalysis Clipping() => Analyse(Wav(0, clipped: true));

    /// <summary>A mix peaking at -12 dBFS: good headroom and not loud enough to look limited, so no check is a problem.</summary>
    public static IntakeAnalysis Healthy() => Analyse(Wav(-12));
}
