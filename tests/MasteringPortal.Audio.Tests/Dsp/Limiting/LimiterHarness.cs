using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>
/// Runs planar audio through a limiter block by block, flushes its lookahead with silence, and measures
/// the output with our meter's true-peak detector (a fresh one per channel).
/// </summary>
internal static class LimiterHarness
{
    public const int BlockFrames = 4096;

    /// <summary>The limiter's output with its latency removed: out[i] lines up with input[i].</summary>
    public static float[][] Run(TruePeakLimiter limiter, float[][] input)
    {
        var channels = input.Length;
        var frames = input[0].Length;
        var total = frames + limiter.LatencyFrames;
        var output = new float[channels][];
        for (var c = 0; c < channels; c++) output[c] = new float[frames];
        var block = new AudioBlock(channels, BlockFrames);
        for (var start = 0; start < total; start += BlockFrames)
        {
            var n = Math.Min(BlockFrames, total - start);
            block.Frames = n;
            for (var c = 0; c < channels; c++)
                for (var i = 0; i < n; i++)
                    block.Channels[c][i] = start + i < frames ? input[c][start + i] : 0f;
            limiter.Process(block);
            for (var c = 0; c < channels; c++)
                for (var i = 0; i < n; i++)
                {
                    var at = start + i - limiter.LatencyFrames;
                    if (at >= 0 && at < frames) output[c][at] = block.Channels[c][i];
                }
        }
        return output;
    }

    /// <summary>True peak in dBTP of planar audio, as our meter measures it (BS.1770-4 Annex 2, 4x).</summary>
    public static double TruePeakDbtp(float[][] audio)
    {
        var peak = 0.0;
        foreach (var channel in audio)
        {
            var detector = new TruePeakDetector();
            detector.Process(channel);
            detector.Process(new float[64]); // let the interpolator see past the last sample
            peak = Math.Max(peak, detector.Peak);
        }
        return 20 * Math.Log10(peak);
    }

    public static float[][] Gain(float[][] audio, double gainDb)
    {
        var g = (float)Math.Pow(10, gainDb / 20);
        return audio.Select(ch => ch.Select(s => s * g).ToArray()).ToArray();
    }
}
