using MasteringPortal.Audio.Metering;
namespace MasteringPortal.Audio.Tests.Metering.TruePeakReferences;

/// <summary>
/// Synthetic stand-ins for dense, bright, loud masters, the material whose inter-sample peaks a true-peak meter
/// finds hardest: four-on-the-floor kick, snare, bright hi-hats and a wash of cymbal noise that reach up to the top
/// of the band, and sawtooth chords, all generated at four times the target rate. Then mastered as loud records
/// are: driven into a hard clipper at the oversampled rate and brought down to the target rate through a steep
/// anti-aliasing filter (flat to 0.45·fs, 100 dB down from 0.49·fs, like a good converter), which is what gives such
/// masters their near-Nyquist energy and their overshoots between samples. Deterministic for a seed.
/// </summary>
internal static class BrightMasterSignals
{
    private const int Oversampling = 4;
    private const double ClipLinear = 0.891; // −1 dBFS at the oversampled rate

    /// <summary>Planar stereo at <paramref name="rateHz"/>, driven <paramref name="driveDb"/> into the clipper.</summary>
    public static float[][] OversampledClipMaster(int rateHz, double seconds, int seed, double driveDb)
    {
        var mix = Mix(rateHz * Oversampling, seconds, seed);
        var drive = ClipLinear * Math.Pow(10, driveDb / 20);
        return mix.Select(ch => Decimate(ch.Select(v => Math.Clamp(v * drive, -ClipLinear, ClipLinear)).ToArray())).ToArray();
    }

    /// <summary>The same mix brought to the target rate clean, then hard-clipped there (aliasing up to Nyquist).</summary>
    public static float[][] BaseRateClipMaster(int rateHz, double seconds, int seed, double driveDb)
    {
        var mix = Mix(rateHz * Oversampling, seconds, seed);
        var drive = ClipLinear * Math.Pow(10, driveDb / 20);
        return mix.Select(ch => Decimate(ch).Select(v => (float)Math.Clamp(v * drive, -ClipLinear, ClipLinear)).ToArray()).ToArray();
    }

    /// <summary>The unmastered mix at the target rate, peak-normalised to <paramref name="peakLinear"/> (sample peak).</summary>
    public static float[][] Mix(int rateHz, double seconds, int seed, double peakLinear)
    {
        var mix = Mix(rateHz * Oversampling, seconds, seed).Select(Decimate).ToArray();
        var peak = mix.Max(ch => ch.Max(Math.Abs));
        return mix.Select(ch => ch.Select(v => (float)(v / peak * peakLinear)).ToArray()).ToArray();
    }

    private static double[][] Mix(int rate, double seconds, int seed)
    {
        var n = (int)(rate * seconds);
        var channels = new double[2][];
        for (var c = 0; c < 2; c++)
        {
            var random = new Random(seed * 7 + c);
            var x = new double[n];
            const double beat = 0.5;
            for (var b = 0.0; b < seconds; b += beat) Kick(x, (int)(b * rate), rate);
            for (var b = beat / 2; b < seconds; b += beat) Snare(x, (int)(b * rate), rate, random);
            for (var b = 0.0; b < seconds; b += beat / 4) Hat(x, (int)(b * rate), rate, random, 0.3 + 0.2 * random.NextDouble());
            double previous = 0;
            for (var i = 0; i < n; i++)
            {
                var white = random.NextDouble() * 2 - 1;
                x[i] += 0.04 * (white - previous); // cymbal wash: differentiated noise, rising to the top of the band
                previous = white;
            }
            double[] chord = [110, 277.18, 329.63, 440 * (1 + 0.002 * c)];
            for (var k = 0; k < chord.Length; k++)
                for (var i = 0; i < n; i++)
                {
                    var phase = chord[k] * i / rate + 0.13 * k + 0.05 * c;
                    x[i] += 0.12 * (2 * (phase - Math.Floor(phase)) - 1);
                }
            // Fade in and out so that no filter (ours or a reference) sees a step at the edges.
            var fade = rate / 100;
            for (var i = 0; i < fade; i++)
            {
                x[i] *= (double)i / fade;
                x[n - 1 - i] *= (double)i / fade;
            }
            channels[c] = x;
        }
        var peak = channels.Max(ch => ch.Max(Math.Abs));
        foreach (var ch in channels)
            for (var i = 0; i < ch.Length; i++) ch[i] /= peak;
        return channels;
    }

    private static void Kick(double[] x, int at, int rate)
    {
        double phase = 0;
        for (var i = 0; i < (int)(0.3 * rate) && at + i < x.Length; i++)
        {
            var t = (double)i / rate;
            phase += 2 * Math.PI * (50 + 70 * Math.Exp(-30 * t)) / rate;
            x[at + i] += 0.8 * Math.Sin(phase) * Math.Exp(-8 * t);
        }
    }

    private static void Snare(double[] x, int at, int rate, Random random)
    {
        for (var i = 0; i < (int)(0.2 * rate) && at + i < x.Length; i++)
        {
            var t = (double)i / rate;
            x[at + i] += (0.4 * (random.NextDouble() * 2 - 1) + 0.3 * Math.Sin(2 * Math.PI * 190 * t)) * Math.Exp(-20 * t);
        }
    }

    private static void Hat(double[] x, int at, int rate, Random random, double level)
    {
        double previous = 0;
        for (var i = 0; i < (int)(0.05 * rate) && at + i < x.Length; i++)
        {
            var white = random.NextDouble() * 2 - 1;
            x[at + i] += level * (white - previous) * Math.Exp(-60.0 * i / rate);
            previous = white;
        }
    }

    private static readonly Lazy<double[]> AntiAliasing = new(() =>
    {
        // Kaiser-windowed sinc at the oversampled rate: cut-off 0.47·fs of the target (−6 dB), β = 10, 769 taps.
        const int taps = 769;
        const double cutoff = 0.47 / Oversampling;
        const double beta = 10;
        var center = (taps - 1) / 2.0;
        var h = new double[taps];
        for (var i = 0; i < taps; i++)
        {
            var t = i - center;
            var r = t / center;
            h[i] = (t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t)) * TruePeakInterpolatorDesign.BesselI0(beta * Math.Sqrt(1 - r * r)) / TruePeakInterpolatorDesign.BesselI0(beta);
        }
        var dc = h.Sum();
        return h.Select(v => v / dc).ToArray();
    });

    private static float[] Decimate(double[] x)
    {
        var h = AntiAliasing.Value;
        var delay = (h.Length - 1) / 2;
        var output = new float[x.Length / Oversampling];
        for (var m = 0; m < output.Length; m++)
        {
            var centre = m * Oversampling + delay;
            var acc = 0.0;
            for (var k = 0; k < h.Length; k++)
            {
                var i = centre - k;
                if (i >= 0 && i < x.Length) acc += h[k] * x[i];
            }
            output[m] = (float)acc;
        }
        return output;
    }
}
