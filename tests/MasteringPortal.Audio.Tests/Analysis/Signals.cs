using MathNet.Numerics.IntegralTransforms;

namespace MasteringPortal.Audio.Tests.Analysis;

/// <summary>Synthetic test signals whose properties are known exactly.</summary>
internal static class Signals
{
    public static float[] Sine(double frequencyHz, double amplitude, int sampleRateHz, double seconds, double phaseRadians = 0)
    {
        var n = (int)Math.Round(seconds * sampleRateHz);
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRateHz + phaseRadians));
        return x;
    }

    public static float[] Silence(int sampleRateHz, double seconds) => new float[(int)Math.Round(seconds * sampleRateHz)];

    public static float[] Concat(params float[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Gaussian white noise with the given RMS (deterministic seed).</summary>
    public static float[] WhiteNoise(double rms, int samples, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            x[i] = (float)(rms * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return x;
    }

    /// <summary>
    /// Noise synthesised in the frequency domain over one period of 2^log2Length samples: every DFT bin from
    /// <paramref name="lowHz"/> to <paramref name="highHz"/> gets a random phase and an amplitude that gives
    /// power density ∝ f^-slope (slope 0 white, 1 pink); all other bins are exactly zero, so the band limits
    /// are brick walls and the power in any band is known in closed form. Scaled to the given RMS.
    /// </summary>
    public static float[] BandLimitedNoise(int log2Length, int sampleRateHz, double lowHz, double highHz, double slope, double rms, int seed = 7)
    {
        var n = 1 << log2Length;
        var spectrum = new System.Numerics.Complex[n];
        var random = new Random(seed);
        var binHz = (double)sampleRateHz / n;
        for (var k = 1; k < n / 2; k++)
        {
            var f = k * binHz;
            if (f < lowHz || f > highHz) continue;
            var magnitude = Math.Pow(f, -slope / 2);
            var phase = 2 * Math.PI * random.NextDouble();
            spectrum[k] = System.Numerics.Complex.FromPolarCoordinates(magnitude, phase);
            spectrum[n - k] = System.Numerics.Complex.Conjugate(spectrum[k]);
        }
        Fourier.Inverse(spectrum, FourierOptions.NoScaling);
        var meanSquare = spectrum.Average(c => c.Real * c.Real);
        var gain = rms / Math.Sqrt(meanSquare);
        return spectrum.Select(c => (float)(c.Real * gain)).ToArray();
    }

    public static double Db(double linear) => 20 * Math.Log10(linear);
}
