using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Tests.Dsp.Filters;

/// <summary>Drives processors with test signals and measures what comes out.</summary>
internal static class ProcessorProbe
{
    public const int SampleRateHz = 44100;

    /// <summary>Runs planar input through a processor in blocks of an awkward size (exercises streaming).</summary>
    public static float[][] Run(IAudioProcessor processor, float[][] input, int blockFrames = 997)
    {
        var channels = input.Length;
        var frames = input[0].Length;
        var output = new float[channels][];
        for (var c = 0; c < channels; c++) output[c] = new float[frames];
        var block = new AudioBlock(channels, blockFrames);
        for (var start = 0; start < frames; start += blockFrames)
        {
            var n = Math.Min(blockFrames, frames - start);
            block.Frames = n;
            for (var c = 0; c < channels; c++) input[c].AsSpan(start, n).CopyTo(block.Channels[c]);
            processor.Process(block);
            for (var c = 0; c < channels; c++) block.Channels[c].AsSpan(0, n).CopyTo(output[c].AsSpan(start));
        }
        return output;
    }

    public static float[] Impulse(int frames, int position = 0, float amplitude = 1f)
    {
        var x = new float[frames];
        x[position] = amplitude;
        return x;
    }

    public static float[] Sine(double frequencyHz, double amplitude, int frames, double phase = 0)
    {
        var x = new float[frames];
        for (var i = 0; i < frames; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / SampleRateHz + phase));
        return x;
    }

    /// <summary>Deterministic white noise in [-amplitude, amplitude].</summary>
    public static float[] Noise(int frames, double amplitude, int seed)
    {
        var rng = new Random(seed);
        var x = new float[frames];
        for (var i = 0; i < frames; i++) x[i] = (float)(amplitude * (2 * rng.NextDouble() - 1));
        return x;
    }

    /// <summary>|DTFT| of x[start..start+length) at one frequency (Goertzel, in double).</summary>
    public static double Magnitude(ReadOnlySpan<float> x, double frequencyHz, int sampleRateHz = SampleRateHz)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRateHz;
        var coeff = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var s0 = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        var re = s1 - s2 * Math.Cos(w);
        var im = s2 * Math.Sin(w);
        return Math.Sqrt(re * re + im * im);
    }

    /// <summary>Amplitude of a sinusoid of the given frequency in x (exact for a whole number of cycles).</summary>
    public static double ToneAmplitude(ReadOnlySpan<float> x, double frequencyHz) => 2 * Magnitude(x, frequencyHz) / x.Length;

    public static double Db(double linear) => 20 * Math.Log10(linear);

    public static double PeakDb(ReadOnlySpan<float> x)
    {
        var peak = 0.0;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        return Db(peak);
    }

    /// <summary>1/12-octave grid from 20 Hz to 20 kHz.</summary>
    public static IEnumerable<double> TwelfthOctaveGrid()
    {
        for (var f = 20.0; f <= 20000.0 * 1.0001; f *= Math.Pow(2, 1.0 / 12)) yield return f;
    }

    /// <summary>Largest |output[n + latency] - input[n]| in dBFS (-inf when identical).</summary>
    public static double NullDbfs(float[][] input, float[][] output, int latencyFrames)
    {
        var worst = 0.0;
        for (var c = 0; c < input.Length; c++)
            for (var n = 0; n + latencyFrames < output[c].Length; n++)
                worst = Math.Max(worst, Math.Abs((double)output[c][n + latencyFrames] - input[c][n]));
        return Db(worst);
    }
}
