using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Mono compatibility over time: for each frame of the long-term spectrum (<see cref="FrameSeconds"/> apart, back to
/// back, about a third of a second), the left/right correlation in three bands and the loudness the mono fold-down
/// loses. The review page draws it as a strip under the waveforms and marks the passages that lose more than the
/// listener's threshold (docs/TRANSLATION.md, "Mono and phase over time").
/// <para>
/// Both come from the frame's mid and side power spectra (M = (L+R)/2, S = (L−R)/2), which the spectrum analyser
/// already has. With L = M + S and R = M − S, the real part of Σ L·conj(R) over a band is Σ(|M|² − |S|²) and
/// Σ(|L|² + |R|²) = 2 Σ(|M|² + |S|²), so a band's correlation is (P_M − P_S) / (P_M + P_S): +1 when the sides are
/// the same, 0 when unrelated, −1 when one is the other inverted (the pooled form of a phase meter's reading, which
/// equals it when left and right are equally loud). The fold-down (L+R)/2 played on both speakers has the power 2·P_M
/// against the stereo 2·(P_M + P_S), so with the bins weighted by K-weighting's power response (BS.1770's filter,
/// evaluated per bin) the loss is 10·log10((P_M + P_S) / P_M) in LU: 0 for a centred signal, 3.01 for unrelated
/// sides, unbounded for inverted ones (recorded as <see cref="MaxLossLu"/>). The frame's K-weighted stereo
/// loudness gates it: frames below −70 LUFS, or more than 20 LU under the file's integrated loudness, are null (a
/// fade's tail or a pause losing its level in mono is nothing to fix). A band holding less than a thousandth of the
/// frame's power has no correlation worth showing (null).
/// </para>
/// </summary>
/// <param name="FrameSeconds">Spacing of the points: point i covers [i, i + 1) × FrameSeconds (the last may end early).</param>
/// <param name="BandEdgesHz">The two crossovers: low is below the first, mid between, high above the second.</param>
/// <param name="LossLu">Stereo minus fold-down loudness per frame, K-weighted, LU.</param>
public sealed record MonoTimeline(
    double FrameSeconds,
    double[] BandEdgesHz,
    float?[] LowCorrelation,
    float?[] MidCorrelation,
    float?[] HighCorrelation,
    float?[] LossLu)
{
    /// <summary>Low/mid crossover: kick, bass and the room's low end below it.</summary>
    public const double LowMidHz = 200;

    /// <summary>Mid/high crossover: voices and most instruments' bodies below it, air, cymbals and wideners above.</summary>
    public const double MidHighHz = 2000;

    /// <summary>The loss recorded where the fold-down is (nearly) silent: the frame cancels in mono.</summary>
    public const float MaxLossLu = 40;

    /// <summary>How far under the integrated loudness a frame may be and still count (as EBU R 128's loudness range gates).</summary>
    public const double RelativeGateLu = 20;

    /// <summary>
    /// The passages whose frames lose more than <paramref name="thresholdLu"/> in mono, neighbouring frames joined
    /// across a single frame below it, each with its start, end (seconds) and worst loss. The review page finds them the
    /// same way in its script for the threshold the listener picks; this one is for the command line and the tests.
    /// </summary>
    public IReadOnlyList<MonoPassage> Passages(double thresholdLu, double durationSeconds)
    {
        var passages = new List<MonoPassage>();
        int? start = null;
        int last = -1;
        float worst = 0;
        for (var i = 0; i <= LossLu.Length; i++)
        {
            var over = i < LossLu.Length && LossLu[i] is { } loss && loss > thresholdLu;
            if (over)
            {
                if (start is null) { start = i; worst = 0; }
                last = i;
                worst = Math.Max(worst, LossLu[i]!.Value);
                continue;
            }
            // One frame below the threshold between two above it does not end the passage.
            if (start is not null && (i >= LossLu.Length || i - last > 1))
            {
                passages.Add(new MonoPassage(start.Value * FrameSeconds, Math.Min(durationSeconds, (last + 1) * FrameSeconds), worst));
                start = null;
            }
        }
        return passages;
    }
}

/// <summary>A passage that loses more than a threshold in mono: where it starts and ends (seconds), and its worst frame's loss.</summary>
public sealed record MonoPassage(double StartSeconds, double EndSeconds, double WorstLossLu);

/// <summary>
/// Collects <see cref="MonoTimeline"/> from the spectrum analyser's frames: per FFT bin the K-weighting's power
/// response and the band it belongs to are computed once; each frame then costs one pass over its half spectrum.
/// </summary>
internal sealed class MonoTimelineBuilder
{
    private readonly double _frameSeconds;
    private readonly double[] _kWeight;       // |H_K(f_k)|², bin k
    private readonly int[] _bandStart;        // the first bin of each band (0 low, 1 mid, 2 high) and N/2 + 1 after the last
    private readonly List<Frame> _frames = [];
    private readonly double[] _bandMid = new double[3], _bandSide = new double[3];

    private readonly record struct Frame(double LoudnessLufs, float? Loss, float? Low, float? Mid, float? High);

    public MonoTimelineBuilder(int frameLength, int sampleRateHz)
    {
        _frameSeconds = (double)frameLength / sampleRateHz;
        var half = frameLength / 2;
        _kWeight = new double[half + 1];
        _bandStart = [1, half + 1, half + 1, half + 1];
        Span<Dsp.Filters.BiquadCoefficients> k = [Metering.KWeighting.PreFilter(sampleRateHz), Metering.KWeighting.RlbHighPass(sampleRateHz)];
        for (var bin = half; bin >= 1; bin--)
        {
            var hz = (double)bin * sampleRateHz / frameLength;
            var magnitude = Dsp.Filters.BiquadResponse.Of(k, hz, sampleRateHz).Magnitude;
            _kWeight[bin] = magnitude * magnitude;
            // Bands follow each other up the spectrum: each starts at the lowest bin at or above its edge.
            if (hz >= MonoTimeline.LowMidHz) _bandStart[1] = bin;
            if (hz >= MonoTimeline.MidHighHz) _bandStart[2] = bin;
        }
    }

    /// <summary>
    /// One frame's unnormalised mid and side power per bin (0 ≤ k ≤ N/2) and its normalisation N·Σw² (which turns
    /// a one-sided power sum into mean-square power).
    /// </summary>
    public void AddFrame(ReadOnlySpan<double> midPower, ReadOnlySpan<double> sidePower, double frameNorm)
    {
        var half = _kWeight.Length - 1;
        var bandMid = _bandMid;
        var bandSide = _bandSide;
        // One-sided sums over bins 1..N/2: every bin twice but Nyquist (DC carries no K-weighted power and no band).
        var weights = _kWeight.AsSpan(1, half - 1);
        var weightedMid = 2 * TensorPrimitives.Dot(midPower.Slice(1, half - 1), weights) + midPower[half] * _kWeight[half];
        var weightedSide = 2 * TensorPrimitives.Dot(sidePower.Slice(1, half - 1), weights) + sidePower[half] * _kWeight[half];
        for (var b = 0; b < 3; b++)
        {
            int first = _bandStart[b], end = Math.Min(_bandStart[b + 1], half);
            bandMid[b] = end > first ? 2 * TensorPrimitives.Sum(midPower[first..end]) : 0;
            bandSide[b] = end > first ? 2 * TensorPrimitives.Sum(sidePower[first..end]) : 0;
            if (_bandStart[b] <= half && half < _bandStart[b + 1])
            {
                bandMid[b] += midPower[half];
                bandSide[b] += sidePower[half];
            }
        }
        // Left and right each carry M ± S, so the two channels' mean squares add up to 2 (P_M + P_S); both weigh 1.0.
        var stereoWeighted = 2 * (weightedMid + weightedSide) / frameNorm;
        var loudness = stereoWeighted > 0 ? -0.691 + 10 * Math.Log10(stereoWeighted) : double.NegativeInfinity;
        float? loss = weightedMid + weightedSide <= 0 ? null
            : weightedMid <= (weightedMid + weightedSide) * 1e-4 ? MonoTimeline.MaxLossLu
            : (float)Math.Min(MonoTimeline.MaxLossLu, 10 * Math.Log10((weightedMid + weightedSide) / weightedMid));
        var total = bandMid[0] + bandMid[1] + bandMid[2] + bandSide[0] + bandSide[1] + bandSide[2];
        _frames.Add(new Frame(loudness, loss, Correlation(0, total), Correlation(1, total), Correlation(2, total)));
    }

    private float? Correlation(int band, double total)
    {
        var power = _bandMid[band] + _bandSide[band];
        return power <= 0 || power < total * 1e-3 ? null : (float)Math.Clamp((_bandMid[band] - _bandSide[band]) / power, -1, 1);
    }

    /// <summary>The timeline, gated against the file's integrated loudness (null: the absolute gate alone).</summary>
    public MonoTimeline Finish(double? integratedLufs)
    {
        var gate = Math.Max(-70, (integratedLufs ?? double.NegativeInfinity) - MonoTimeline.RelativeGateLu);
        var count = _frames.Count;
        float?[] low = new float?[count], mid = new float?[count], high = new float?[count], loss = new float?[count];
        for (var i = 0; i < count; i++)
        {
            var frame = _frames[i];
            if (!(frame.LoudnessLufs >= gate)) continue;
            low[i] = Round(frame.Low, 2);
            mid[i] = Round(frame.Mid, 2);
            high[i] = Round(frame.High, 2);
            loss[i] = Round(frame.Loss, 1);
        }
        return new MonoTimeline(_frameSeconds, [MonoTimeline.LowMidHz, MonoTimeline.MidHighHz], low, mid, high, loss);
    }

    private static float? Round(float? value, int digits) => value is { } v ? (float)Math.Round(v, digits) : null;
}
