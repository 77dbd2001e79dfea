namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Counts runs of consecutive samples at full scale in one channel at a time. A run of
/// <see cref="MinimumRunSamples"/> or more is the classic sign of a converter or bus that clipped: real
/// waveforms touch the rail for a sample, they do not sit on it.
/// </summary>
public sealed class ClippingDetector
{
    /// <summary>Three consecutive full-scale samples, the usual threshold of clip counters.</summary>
    public const int MinimumRunSamples = 3;

    /// <summary>
    /// Within 0.01 dB of full scale counts as full scale: integer PCM reaches +1.0 only as 32767/32768
    /// (-0.0003 dB) and a dithered or float export may stop a hair short of the rail.
    /// </summary>
    public static readonly float FullScaleThreshold = (float)Math.Pow(10, -0.01 / 20);

    /// <summary>How many events are stored with their positions; all are counted.</summary>
    public const int MaximumStoredEvents = 100;

    private readonly int _sampleRateHz;
    private readonly long[] _runStart;
    private readonly int[] _runLength;
    private readonly List<ClipEvent> _events = [];
    private long _eventCount;
    private long _clippedSamples;

    public ClippingDetector(int sampleRateHz, int channels)
    {
        _sampleRateHz = sampleRateHz;
        _runStart = new long[channels];
        _runLength = new int[channels];
    }

    /// <summary>Feeds one channel's samples that begin at frame <paramref name="firstFrame"/>.</summary>
    public void Add(int channel, ReadOnlySpan<float> samples, long firstFrame)
    {
        var threshold = FullScaleThreshold;
        var run = _runLength[channel];
        var start = _runStart[channel];
        // Most blocks never come near full scale: one vectorised max settles them (a run still open ends here).
        if (!samples.IsEmpty && Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(samples)) < threshold)
        {
            if (run > 0) CloseRun(channel, start, run);
            _runLength[channel] = 0;
            return;
        }
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) >= threshold)
            {
                if (run == 0) start = firstFrame + i;
                run++;
            }
            else if (run > 0)
            {
                CloseRun(channel, start, run);
                run = 0;
            }
        }
        _runLength[channel] = run;
        _runStart[channel] = start;
    }

    private void CloseRun(int channel, long start, int length)
    {
        if (length < MinimumRunSamples) return;
        _eventCount++;
        _clippedSamples += length;
        if (_events.Count < MaximumStoredEvents)
            _events.Add(new ClipEvent(channel, (double)start / _sampleRateHz, length));
    }

    public ClippingSummary Finish()
    {
        for (var c = 0; c < _runLength.Length; c++)
        {
            CloseRun(c, _runStart[c], _runLength[c]);
            _runLength[c] = 0;
        }
        var events = _events.OrderBy(e => e.StartSeconds).ThenBy(e => e.Channel).ToArray();
        return new ClippingSummary(_eventCount, _clippedSamples, events);
    }
}

/// <param name="Channel">0-based channel (0 = left).</param>
/// <param name="StartSeconds">Time of the first full-scale sample of the run.</param>
/// <param name="LengthSamples">How many consecutive samples sit at full scale.</param>
public sealed record ClipEvent(int Channel, double StartSeconds, int LengthSamples);

/// <param name="EventCount">All runs found, in all channels.</param>
/// <param name="ClippedSamples">Samples inside those runs.</param>
/// <param name="Events">The first <see cref="ClippingDetector.MaximumStoredEvents"/> runs, in time order.</param>
public sealed record ClippingSummary(long EventCount, long ClippedSamples, IReadOnlyList<ClipEvent> Events);
