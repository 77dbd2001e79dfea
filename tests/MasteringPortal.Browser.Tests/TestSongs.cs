using MasteringPortal.Web.Demo;

namespace MasteringPortal.Browser.Tests;

/// <summary>Short pieces of the demo's synthesised music for the browser tests to upload or store.</summary>
public static class TestSongs
{
    /// <summary>Ten seconds (by default) brought to the given sample peak, as a 24-bit WAV.</summary>
    public static byte[] Song(uint seed, double peakDbfs, double seconds = 10)
    {
        var song = DemoMixSynth.Songs[0] with { Seed = seed };
        var samples = DemoMixSynth.Render(song, seconds);
        var peak = samples.Max(MathF.Abs);
        var gain = (float)(Math.Pow(10, peakDbfs / 20) / peak);
        for (var i = 0; i < samples.Length; i++) samples[i] = Math.Clamp(samples[i] * gain, -1f, 1f);
        return DemoWav.Encode24(samples, 2, DemoMixSynth.SampleRateHz, seed);
    }
}
