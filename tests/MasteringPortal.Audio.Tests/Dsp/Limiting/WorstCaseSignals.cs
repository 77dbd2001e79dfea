namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>
/// The signals that put a true-peak limiter's detector on the spot because of where their energy lies: squares
/// generated naively at the sample rate (their harmonics alias all the way up to Nyquist) and tone bursts close to
/// Nyquist with abrupt starts and ends. Planar stereo, the channels a little apart.
/// </summary>
internal static class WorstCaseSignals
{
    /// <summary>Naive (aliasing) square waves at a few pitches, one after another, full scale.</summary>
    public static float[][] NaiveSquares(int rateHz, double seconds)
    {
        double[] pitchesHz = [61, 997, 3150, 7777];
        var frames = (int)(rateHz * seconds);
        var segment = frames / pitchesHz.Length;
        return Stereo(frames, (c, i) =>
        {
            var phase = pitchesHz[Math.Min(i / segment, pitchesHz.Length - 1)] * i / rateHz + 0.1 * c;
            return phase - Math.Floor(phase) < 0.5 ? 1.0 : -1.0;
        });
    }

    /// <summary>20 ms bursts of tones between 0.40·fs and 0.499·fs, each switched on and off abruptly, full scale.</summary>
    public static float[][] NearNyquistBursts(int rateHz, double seconds)
    {
        double[] fractions = [0.40, 0.43, 0.45, 0.46, 0.47, 0.48, 0.49, 0.499];
        var frames = (int)(rateHz * seconds);
        var burst = rateHz / 50;
        var period = frames / fractions.Length;
        return Stereo(frames, (c, i) =>
        {
            var k = Math.Min(i / period, fractions.Length - 1);
            var t = i - k * period;
            return t < burst ? Math.Sin(2 * Math.PI * fractions[k] * t + 0.7 + 0.3 * c) : 0.0;
        });
    }

    private static float[][] Stereo(int frames, Func<int, int, double> sample) =>
        Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, frames).Select(i => (float)sample(c, i)).ToArray()).ToArray();
}
