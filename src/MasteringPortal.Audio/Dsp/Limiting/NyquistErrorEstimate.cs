using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// For ONE channel, sample by sample, the estimate of how far the meter's short interpolator can read from the long
/// one: <see cref="NyquistBandLevel"/>'s level, at its largest anywhere within <see cref="Reach"/> frames either side
/// (the long interpolator's reach), times the error factor. The largest level is taken over whole groups of
/// <see cref="GroupFrames"/> frames, counted from the first frame of the stream, that meet that span: a little wider
/// than the span (so never smaller), at a fraction of the cost of a sliding maximum, and the same whatever the block
/// sizes. Output i is the estimate for input i − <see cref="LatencyFrames"/>.
/// </summary>
internal sealed class NyquistErrorEstimate
{
    public const int GroupFrames = 64;
    public const int Reach = LimiterPeakEnvelope.LongTaps / 2;
    private const int GroupShift = 6;
    private const int LevelRing = 4096;
    private const int GroupRing = 64;
    private const int History = 2 * NyquistBandLevel.Half;

    private readonly Vector<float>[] _band = NyquistBandLevel.Broadcast();
    private readonly float[] _bandScalar = NyquistBandLevel.Floats();
    private readonly float[] _work = new float[History + LimiterPeakEnvelope.MaxChunkFrames + Vector<float>.Count];
    private readonly float[] _levels = new float[LevelRing];
    private readonly float[] _groupPeaks = new float[GroupRing];
    private readonly float[] _scratch = new float[LimiterPeakEnvelope.MaxChunkFrames];
    private readonly float _factor;
    private long _position;
    private long _nextGroup;

    public NyquistErrorEstimate(float factor)
    {
        _factor = factor;
        Reset();
    }

    /// <summary>The band-pass's half-length, then the reach, then the rest of the last group.</summary>
    public const int LatencyFrames = NyquistBandLevel.Half + Reach + GroupFrames;

    public void Reset()
    {
        Array.Clear(_work);
        Array.Clear(_levels);
        Array.Clear(_groupPeaks);
        _position = 0;
        _nextGroup = -(LatencyFrames + Reach) / GroupFrames - 2;
    }

    /// <summary>Feeds at most <see cref="LimiterPeakEnvelope.MaxChunkFrames"/> samples and writes as many estimates.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> estimates)
    {
        var n = input.Length;
        var work = _work;
        input.CopyTo(work.AsSpan(History));
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(work);
        var width = Vector<float>.Count;

        // Levels at the stream positions whose band-pass has all its inputs: _position − Half .. _position + n − Half − 1.
        var levels = _scratch.AsSpan(0, n);
        var j = 0;
        for (; j + 4 * width <= n; j += 4 * width)
            NyquistBandLevel.Level4(ref w0, (nuint)(History - NyquistBandLevel.Half + j), _band, levels[j..]);
        for (; j + width <= n; j += width)
            NyquistBandLevel.Level(ref w0, (nuint)(History - NyquistBandLevel.Half + j), _band).CopyTo(levels[j..]);
        for (; j < n; j++) levels[j] = NyquistBandLevel.ScalarLevel(work, History - NyquistBandLevel.Half + j, _bandScalar);
        var first = _position - NyquistBandLevel.Half;
        for (var k = 0; k < n;)
        {
            var at = (int)((first + k) & (LevelRing - 1));
            var run = Math.Min(n - k, LevelRing - at);
            levels.Slice(k, run).CopyTo(_levels.AsSpan(at));
            k += run;
        }
        var last = first + n - 1;
        for (; (_nextGroup << GroupShift) + GroupFrames - 1 <= last; _nextGroup++)
        {
            var at = (int)((_nextGroup << GroupShift) & (LevelRing - 1));
            _groupPeaks[_nextGroup & (GroupRing - 1)] = TensorPrimitives.Max<float>(_levels.AsSpan(at, GroupFrames));
        }

        // Estimates for the positions _position − LatencyFrames + i. Consecutive positions share their groups, so the
        // estimate is written in runs: each lasts until the first or the last group of the span moves on.
        var origin = _position - LatencyFrames;
        for (var i = 0; i < n;)
        {
            var p = origin + i;
            var from = (p - Reach) >> GroupShift;
            var to = (p + Reach) >> GroupShift;
            var until = Math.Min(((from + 1) << GroupShift) + Reach, ((to + 1) << GroupShift) - Reach);
            var end = (int)Math.Min(n, until - origin);
            var peak = 0f;
            for (var g = from; g <= to; g++) peak = Math.Max(peak, _groupPeaks[g & (GroupRing - 1)]);
            estimates[i..end].Fill(peak * _factor);
            i = end;
        }
        _position += n;
        work.AsSpan(n, History).CopyTo(work);
    }
}
