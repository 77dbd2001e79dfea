namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// Dense material for loud targets, the kind that is mastered at -6 to -9 LUFS: four-on-the-floor kick, a
/// snare on two and four, sixteenth-note hi-hats, a sawtooth bass line and a bright detuned sawtooth pad (harmonics
/// up to 12 kHz), all playing at once, so there is no quiet passage and the drums' transients ride on a
/// sustained, bright bed. Seeded: the same call gives the same samples.
/// </summary>
internal static class DenseMixSignals
{
    /// <summary>A sample function (channel, frame) → value at <paramref name="rateHz"/>, peaking near <paramref name="gain"/>.</summary>
    public static Func<int, long, double> DenseMix(int rateHz, double gain = 0.35)
    {
        const double beat = 0.5; // 120 BPM
        return (c, i) =>
        {
            var t = i / (double)rateHz;
            var inBeat = t % beat;
            var kick = Math.Sin(2 * Math.PI * (48 + 110 * Math.Exp(-30 * inBeat)) * inBeat) * Math.Exp(-9 * inBeat);
            var inBar = t % (2 * beat);
            var sinceSnare = inBar - beat;
            var snare = sinceSnare >= 0
                ? (0.55 * Noise(c, i, 11) + 0.35 * Math.Sin(2 * Math.PI * 190 * sinceSnare)) * Math.Exp(-22 * sinceSnare) : 0;
            var sinceHat = t % (beat / 4);
            var hat = 0.22 * HighPassedNoise(c, i) * Math.Exp(-90 * sinceHat);
            var step = (int)(t / (beat / 2)) % 8;
            var bassHz = 55 * Math.Pow(2, new[] { 0, 0, 3, 0, 5, 0, 7, 3 }[step] / 12.0);
            var bass = 0.45 * Saw(bassHz * t, 12, bassHz, 1200);
            var pad = 0.0;
            foreach (var (hz, detune) in new[] { (220.0, 0.0), (277.18, 0.21), (329.63, 0.43), (440.0, 0.67) })
                pad += Saw(hz * (1 + 0.002 * (c == 0 ? 1 : -1)) * t + detune, 40, hz, 12000);
            return gain * (kick + snare + hat + bass + 0.09 * pad);
        };
    }

    /// <summary>
    /// A dynamic song built from the same parts: 3 s verses (the whole mix 12 dB down) between 3 s
    /// choruses (everything), peaking near -10 dBFS, so the loudness gain is large and the choruses carry the target.
    /// </summary>
    public static Func<int, long, double> VerseChorus(int rateHz)
    {
        var full = DenseMix(rateHz, gain: 0.11);
        return (c, i) => (i / (3 * rateHz)) % 2 == 1 ? full(c, i) : 0.25 * full(c, i);
    }

    /// <summary>Band-limited sawtooth (harmonics up to <paramref name="topHz"/>, at most <paramref name="harmonics"/>).</summary>
    private static double Saw(double phaseCycles, int harmonics, double fundamentalHz, double topHz)
    {
        var sum = 0.0;
        for (var k = 1; k <= harmonics && k * fundamentalHz <= topHz; k++) sum += Math.Sin(2 * Math.PI * k * phaseCycles) / k;
        return sum * 0.6;
    }

    private static double HighPassedNoise(int c, long i) => Noise(c, i, 23) - Noise(c, i - 1, 23);

    private static double Noise(int c, long i, ulong seed)
    {
        var x = (ulong)i * 0x9E3779B97F4A7C15UL + (ulong)c * 0xD1B54A32D192ED03UL + seed;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return 2 * ((x >> 11) * (1.0 / (1UL << 53))) - 1;
    }
}
