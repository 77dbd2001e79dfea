using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// Synthetic material for matching tests, whose right answer is known: a "reference" of stereo noise shaped
/// like music (mid: warm bass, presence, falling top; side: independent noise about 9 dB down with little
/// bass, as real mixes keep the low end centred; both rolled off above 18 kHz like recorded music; a slow arrangement swell, ±3 dB unless asked), and "mixes" made from it by a
/// KNOWN EQ and gain, so a perfect match gives the reference back.
/// </summary>
internal static class MatchSignals
{
    public static readonly EqBand[] MusicMid =
    [
        new() { Shape = EqBandShape.LowShelf, FrequencyHz = 180, GainDb = 7, Q = 0.7 },
        new() { Shape = EqBandShape.Bell, FrequencyHz = 2500, GainDb = 3, Q = 0.8 },
        new() { Shape = EqBandShape.HighShelf, FrequencyHz = 5000, GainDb = -8, Q = 0.6 },
        new() { Shape = EqBandShape.HighPass, FrequencyHz = 25, SlopeDbPerOct = 12 },
        new() { Shape = EqBandShape.LowPass, FrequencyHz = 18000, SlopeDbPerOct = 24 },
    ];

    public static readonly EqBand[] MusicSide =
    [
        new() { Shape = EqBandShape.LowShelf, FrequencyHz = 200, GainDb = -10, Q = 0.7 },
        new() { Shape = EqBandShape.HighShelf, FrequencyHz = 6000, GainDb = -4, Q = 0.7 },
        new() { Shape = EqBandShape.LowPass, FrequencyHz = 18000, SlopeDbPerOct = 24 },
    ];

    /// <summary>The known EQ of the test mixes (a dull, boomy mix): the match must undo it.</summary>
    public static readonly EqBand[] KnownEq =
    [
        new() { Shape = EqBandShape.LowShelf, FrequencyHz = 150, GainDb = 3.5, Q = 0.7 },
        new() { Shape = EqBandShape.Bell, FrequencyHz = 1000, GainDb = -2.5, Q = 1 },
        new() { Shape = EqBandShape.HighShelf, FrequencyHz = 7000, GainDb = -4, Q = 0.7 },
    ];

    /// <summary>Interleaved stereo reference: shaped mid and side noise, L = M + S, R = M − S, at <paramref name="lufs"/>.</summary>
    public static float[] Reference(int rateHz, double seconds, double lufs = -16, ulong seed = 1,
        IReadOnlyList<EqBand>? mid = null, IReadOnlyList<EqBand>? side = null, double sideDb = -9, double swellDb = 3)
    {
        var frames = (int)(rateHz * seconds);
        var m = Noise(frames, seed);
        var s = Noise(frames, seed * 7919 + 13);
        Filter(m, rateHz, mid ?? MusicMid);
        Filter(s, rateHz, side ?? MusicSide);
        var sideGain = (float)Math.Pow(10, sideDb / 20);
        var interleaved = new float[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            var swell = (float)Math.Pow(10, swellDb * Math.Sin(2 * Math.PI * i / (8.0 * rateHz)) / 20);
            interleaved[2 * i] = swell * (m[i] + sideGain * s[i]);
            interleaved[2 * i + 1] = swell * (m[i] - sideGain * s[i]);
        }
        return Normalise(interleaved, rateHz, lufs);
    }

    /// <summary>The reference through a stereo (L/R-linked) EQ and a gain.</summary>
    public static float[] Through(float[] interleaved, int rateHz, IReadOnlyList<EqBand> bands, double gainDb,
        IReadOnlyList<EqBand>? sideBands = null)
    {
        var settings = sideBands is null
            ? new ParametricEqSettings { Mode = EqChannelMode.Stereo, Bands = bands }
            : new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = bands, SideBands = sideBands };
        var eq = new ParametricEq(settings, rateHz, 2);
        var output = (float[])interleaved.Clone();
        var block = new AudioBlock(2, 4096);
        var gain = (float)Math.Pow(10, gainDb / 20);
        for (var start = 0; start < output.Length / 2; start += 4096)
        {
            var n = Math.Min(4096, output.Length / 2 - start);
            var span = output.AsSpan(start * 2, n * 2);
            block.Deinterleave(span, n);
            eq.Process(block);
            block.Interleave(span);
            for (var i = 0; i < span.Length; i++) span[i] *= gain;
        }
        return output;
    }

    /// <summary>Interleaved stereo converted to another rate by the engine's sample-rate converter.</summary>
    public static float[] Resampled(float[] interleaved, int fromHz, int toHz)
    {
        var resampler = new Resampler(new ResamplerSettings(fromHz, toHz), 2);
        var input = new AudioBlock(2, 4096);
        var output = new AudioBlock(2, resampler.MaxOutputFrames(4096));
        var result = new List<float>();
        var buffer = new float[output.CapacityFrames * 2];
        void Take()
        {
            output.Interleave(buffer);
            result.AddRange(buffer.AsSpan(0, output.Frames * 2));
        }
        for (var start = 0; start < interleaved.Length / 2; start += 4096)
        {
            var n = Math.Min(4096, interleaved.Length / 2 - start);
            input.Deinterleave(interleaved.AsSpan(start * 2, n * 2), n);
            resampler.Process(input, output);
            Take();
        }
        while (resampler.Flush(output) > 0) Take();
        return result.ToArray();
    }

    public static float[] Scaled(float[] interleaved, double gainDb)
    {
        var gain = (float)Math.Pow(10, gainDb / 20);
        return interleaved.Select(x => x * gain).ToArray();
    }

    public static string Write(string path, int rateHz, float[] interleaved, int channels = 2)
    {
        using var writer = new WavWriter(path, PcmWriteFormat.Float32(rateHz, channels));
        writer.Write(interleaved);
        writer.Complete();
        return path;
    }

    public static double IntegratedLufs(float[] interleaved, int rateHz, int channels = 2)
    {
        var meter = new LoudnessMeter(rateHz, channels, new LoudnessMeterOptions(TruePeak: false, Series: false));
        meter.AddFrames(interleaved);
        return meter.IntegratedLufs!.Value;
    }

    private static float[] Normalise(float[] interleaved, int rateHz, double lufs) =>
        Scaled(interleaved, lufs - IntegratedLufs(interleaved, rateHz));

    private static float[] Noise(int frames, ulong seed)
    {
        // Sum of two uniforms: triangular, closer to the Gaussian-like amplitude distribution of music.
        var x = new float[frames];
        var state = seed * 0x9E3779B97F4A7C15UL + 1;
        for (var i = 0; i < frames; i++) x[i] = (float)(Uniform(ref state) + Uniform(ref state) - 1);
        return x;
    }

    private static double Uniform(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private static void Filter(float[] signal, int rateHz, IReadOnlyList<EqBand> bands)
    {
        var eq = new ParametricEq(new ParametricEqSettings { Bands = bands }, rateHz, 1);
        var block = new AudioBlock(1, 4096);
        for (var start = 0; start < signal.Length; start += 4096)
        {
            var n = Math.Min(4096, signal.Length - start);
            block.Deinterleave(signal.AsSpan(start, n), n);
            eq.Process(block);
            block.Interleave(signal.AsSpan(start, n));
        }
    }
}
