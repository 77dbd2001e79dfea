namespace MasteringPortal.Audio.Tests.Dsp.Saturation;

/// <summary>The THD of a unit sine hard-clipped at a level, from the Fourier series of the clipped waveform.</summary>
internal static class ClippedSine
{
    /// <summary>
    /// THD in dB (harmonics 2 … <paramref name="highestHarmonic"/> against the fundamental), the series' coefficients
    /// integrated over one period at 2²⁰ points (midpoint rule: exact to far below the tests' tolerances).
    /// </summary>
    public static double ThdDb(double clipLevel, int highestHarmonic)
    {
        var harmonics = new double[highestHarmonic + 1];
        const int steps = 1 << 20;
        for (var s = 0; s < steps; s++)
        {
            var phase = 2 * Math.PI * (s + 0.5) / steps;
            var y = Math.Clamp(Math.Sin(phase), -clipLevel, clipLevel);
            for (var k = 1; k <= highestHarmonic; k++) harmonics[k] += 2.0 / steps * y * Math.Sin(k * phase);
        }
        return 10 * Math.Log10(harmonics.Skip(2).Sum(h => h * h) / (harmonics[1] * harmonics[1]));
    }
}
