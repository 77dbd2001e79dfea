namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Evidence of a limiter on the mix bus from the peaks alone: the sample peak of every 100 ms segment is kept
/// (36 000 floats for an hour), and at the end each 3 s window (the short-term loudness window of EBU R128,
/// hopped every 100 ms) is asked whether its peak sits within <see cref="PinnedWithinDb"/> of the file's
/// maximum. A limiter makes that true for nearly every loud window; an unlimited mix reaches its maximum once
/// or a few times. Windows more than 20 dB below the maximum (intros, breaks, fades) do not vote.
/// </summary>
public sealed class PinnedPeakTracker
{
    public const double PinnedWithinDb = 0.1;
    private const double VotingRangeDb = 20;
    private const int WindowSegments = 30;

    private readonly int _segmentFrames;
    private readonly List<float> _segmentPeaks = [];
    private float _currentPeak;
    private int _currentFrames;

    public PinnedPeakTracker(int sampleRateHz) => _segmentFrames = Math.Max(1, (int)Math.Round(sampleRateHz / 10.0));

    /// <summary>Feeds interleaved frames (all channels).</summary>
    public void Add(ReadOnlySpan<float> interleaved, int channels)
    {
        var offset = 0;
        var frames = interleaved.Length / channels;
        while (offset < frames)
        {
            var take = Math.Min(_segmentFrames - _currentFrames, frames - offset);
            var peak = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(interleaved.Slice(offset * channels, take * channels));
            peak = Math.Abs(peak);
            if (peak > _currentPeak) _currentPeak = peak;
            _currentFrames += take;
            offset += take;
            if (_currentFrames == _segmentFrames) CloseSegment();
        }
    }

    private void CloseSegment()
    {
        _segmentPeaks.Add(_currentPeak);
        _currentPeak = 0;
        _currentFrames = 0;
    }

    /// <summary>Share (0-1) of loud 3 s windows whose peak is pinned at the file's maximum; null if too short or silent.</summary>
    public double? PinnedShare()
    {
        if (_currentFrames > 0) CloseSegment();
        var peaks = _segmentPeaks;
        if (peaks.Count < WindowSegments) return null;
        var max = 0f;
        foreach (var p in peaks) max = Math.Max(max, p);
        if (max <= 0) return null;
        var pinnedLevel = max * Math.Pow(10, -PinnedWithinDb / 20);
        var votingLevel = max * Math.Pow(10, -VotingRangeDb / 20);
        int voting = 0, pinned = 0;
        // Sliding maximum over 30 segments with a monotonic deque of indices.
        var deque = new int[peaks.Count];
        int head = 0, tail = 0;
        for (var i = 0; i < peaks.Count; i++)
        {
            while (tail > head && peaks[deque[tail - 1]] <= peaks[i]) tail--;
            deque[tail++] = i;
            if (deque[head] <= i - WindowSegments) head++;
            if (i < WindowSegments - 1) continue;
            var windowPeak = peaks[deque[head]];
            if (windowPeak < votingLevel) continue;
            voting++;
            if (windowPeak >= pinnedLevel) pinned++;
        }
        return voting == 0 ? null : (double)pinned / voting;
    }
}
