using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// Synthesises the EBU Tech 3341 / 3342 test signals: sine tones whose level (dBFS, peak) is set per
/// segment and per channel, with continuous phase, streamed into a meter in 10 ms blocks so memory stays small.
/// </summary>
internal sealed class ToneSequence
{
    private readonly List<(double Seconds, double[] LevelsDbfs)> _segments = [];

    public ToneSequence(int channels, double frequencyHz = 1000)
    {
        Channels = channels;
        FrequencyHz = frequencyHz;
    }

    public int Channels { get; }
    public double FrequencyHz { get; }

    /// <summary>All channels at the same level; <see cref="double.NegativeInfinity"/> is digital silence.</summary>
    public ToneSequence Add(double seconds, double levelDbfs) => Add(seconds, Enumerable.Repeat(levelDbfs, Channels).ToArray());

    public ToneSequence Add(double seconds, double[] levelsDbfs)
    {
        if (levelsDbfs.Length != Channels) throw new ArgumentException("One level per channel.");
        _segments.Add((seconds, levelsDbfs));
        return this;
    }

    public ToneSequence Silence(double seconds) => Add(seconds, double.NegativeInfinity);

    /// <summary>
    /// Feeds every segment into <paramref name="meter"/>; <paramref name="afterSegment"/> is called with the
    /// segment index once all of its frames are in.
    /// </summary>
    public void FeedInto(LoudnessMeter meter, Action<int>? afterSegment = null)
    {
        var fs = meter.SampleRateHz;
        var block = Math.Max(1, fs / 100);
        var buffer = new float[block * Channels];
        long frameIndex = 0;
        long segmentEnd = 0;
        var step = 2 * Math.PI * FrequencyHz / fs;
        for (var s = 0; s < _segments.Count; s++)
        {
            var (seconds, levels) = _segments[s];
            var amplitudes = levels.Select(l => Math.Pow(10, l / 20)).ToArray();
            segmentEnd += (long)Math.Round(seconds * fs);
            while (frameIndex < segmentEnd)
            {
                var n = (int)Math.Min(block, segmentEnd - frameIndex);
                for (var i = 0; i < n; i++)
                {
                    var v = Math.Sin(step * (frameIndex + i));
                    for (var c = 0; c < Channels; c++) buffer[i * Channels + c] = (float)(amplitudes[c] * v);
                }
                meter.AddFrames(buffer.AsSpan(0, n * Channels));
                frameIndex += n;
            }
            afterSegment?.Invoke(s);
        }
    }

    public LoudnessMeter Measure(int sampleRateHz = 48000, LoudnessMeterOptions? options = null, Action<int, LoudnessMeter>? afterSegment = null)
    {
        var meter = new LoudnessMeter(sampleRateHz, Channels, options ?? new LoudnessMeterOptions(TruePeak: false));
        FeedInto(meter, afterSegment is null ? null : s => afterSegment(s, meter));
        return meter;
    }
}
