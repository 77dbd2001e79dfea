namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Leading and trailing silence: the time before the first and after the last sample (any channel) that rises
/// above <see cref="ThresholdDbfs"/>. -60 dBFS sits well above dither and converter noise (-90 dBFS and below)
/// and well below the quietest musical fade-in that matters, so noise-only heads and tails count as silence.
/// Resolution is one sample.
/// </summary>
public sealed class SilenceDetector
{
    public const double ThresholdDbfs = -60;
    private static readonly float Threshold = (float)Math.Pow(10, ThresholdDbfs / 20);

    private long _firstAudibleFrame = -1;
    private long _lastAudibleFrame = -1;

    /// <summary>Feeds one channel's samples beginning at frame <paramref name="firstFrame"/>.</summary>
    public void Add(ReadOnlySpan<float> samples, long firstFrame)
    {
        var threshold = Threshold;
        var first = -1;
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) > threshold) { first = i; break; }
        }
        if (first < 0) return;
        var last = first;
        for (var i = samples.Length - 1; i > first; i--)
        {
            if (Math.Abs(samples[i]) > threshold) { last = i; break; }
        }
        var firstAbs = firstFrame + first;
        var lastAbs = firstFrame + last;
        if (_firstAudibleFrame < 0 || firstAbs < _firstAudibleFrame) _firstAudibleFrame = firstAbs;
        if (lastAbs > _lastAudibleFrame) _lastAudibleFrame = lastAbs;
    }

    public SilenceSummary Finish(long totalFrames, int sampleRateHz)
    {
        if (_firstAudibleFrame < 0)
            return new SilenceSummary((double)totalFrames / sampleRateHz, (double)totalFrames / sampleRateHz, true);
        return new SilenceSummary(
            (double)_firstAudibleFrame / sampleRateHz,
            (double)(totalFrames - 1 - _lastAudibleFrame) / sampleRateHz,
            false);
    }
}

/// <param name="LeadingSeconds">Silence before the music starts.</param>
/// <param name="TrailingSeconds">Silence after the last audible sample.</param>
/// <param name="EntirelySilent">No sample anywhere rises above the threshold.</param>
public sealed record SilenceSummary(double LeadingSeconds, double TrailingSeconds, bool EntirelySilent);
