using MasteringPortal.Audio.Dsp.Dither;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>Dense, loud material for the limiter: the kinds of signal that make inter-sample overs.</summary>
internal static class LimiterTestSignals
{
    /// <summary>Bursts of white noise (50-400 ms) with gaps, stereo, uncorrelated channels.</summary>
    public static float[][] NoiseBursts(int sampleRateHz, double seconds, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var frames = (int)(sampleRateHz * seconds);
        var audio = new[] { new float[frames], new float[frames] };
        var i = 0;
        while (i < frames)
        {
            var burst = (int)(sampleRateHz * (0.05 + 0.35 * random.NextDouble()));
            var gap = (int)(sampleRateHz * 0.2 * random.NextDouble());
            var level = 0.3 + 0.7 * random.NextDouble();
            for (var k = 0; k < burst && i < frames; k++, i++)
                for (var c = 0; c < 2; c++) audio[c][i] = (float)(level * (2 * random.NextDouble() - 1));
            i += gap;
        }
        return audio;
    }

    /// <summary>
    /// Square-ish waves: band-limited squares (odd harmonics up to 20 kHz) at several pitches, plus the
    /// classic worst case for sample-peak meters, a sine at fs/4 sampled at 45° (true peak 3 dB above the samples).
    /// </summary>
    public static float[][] SquareWaves(int sampleRateHz, double seconds)
    {
        var frames = (int)(sampleRateHz * seconds);
        var left = new float[frames];
        var right = new float[frames];
        double[] pitchesHz = [55, 220, 1250, 4700];
        var segment = frames / (pitchesHz.Length + 1);
        for (var i = 0; i < frames; i++)
        {
            var s = i / segment;
            double v;
            if (s < pitchesHz.Length)
            {
                v = 0;
                for (var h = 1; h * pitchesHz[s] < 20000; h += 2)
                    v += Math.Sin(2 * Math.PI * h * pitchesHz[s] * i / sampleRateHz) / h;
                v *= 4 / Math.PI * 0.8;
            }
            else
            {
                v = 0.7 * Math.Sin(Math.PI / 2 * i + Math.PI / 4);
            }
            left[i] = (float)v;
            right[i] = (float)(0.9 * v);
        }
        return [left, right];
    }

    /// <summary>Drum-like hits: a decaying low sine (kick) and a decaying noise burst with a click (snare), 120 BPM, with a 19 kHz hi-hat tone.</summary>
    public static float[][] Drums(int sampleRateHz, double seconds, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var frames = (int)(sampleRateHz * seconds);
        var audio = new[] { new float[frames], new float[frames] };
        var beat = sampleRateHz / 2;
        for (var i = 0; i < frames; i++)
        {
            var t = (double)(i % beat) / sampleRateHz;
            var isSnare = i / beat % 2 == 1;
            var kick = 0.9 * Math.Exp(-t / 0.08) * Math.Sin(2 * Math.PI * (50 + 100 * Math.Exp(-t / 0.02)) * t);
            var snare = isSnare ? 0.7 * Math.Exp(-t / 0.05) * (2 * random.NextDouble() - 1) + (t < 0.0005 ? 0.9 : 0) : 0;
            var hat = 0.2 * Math.Exp(-((double)(i % (beat / 2)) / sampleRateHz) / 0.02) * Math.Sin(2 * Math.PI * 19000 * i / sampleRateHz);
            audio[0][i] = (float)(kick + snare + hat);
            audio[1][i] = (float)(kick + 0.8 * snare - hat);
        }
        return audio;
    }
}
