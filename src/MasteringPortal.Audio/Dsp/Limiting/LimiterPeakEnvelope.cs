using System.Numerics;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// The limiter's per-sample true-peak envelope for ONE channel, read so that a master held under the ceiling by it
/// measures under it on an ideal interpolator, on the BS.1770-4 Annex 2 filter and on our own meter. Readings:
/// <list type="bullet">
/// <item>the meter's (<see cref="TruePeakKernels"/>: <see cref="TruePeakDetector"/>'s 4x, 48 taps per phase, with
/// parabolic vertices): within a few thousandths of a dB of an ideal interpolation up to 0.44·fs, but above that it
/// reads bursts up to 2 dB low (and some content a little high);</item>
/// <item>an estimate of that error (<see cref="NyquistErrorEstimate"/>: how much lies in the last few percent below
/// Nyquist within the long interpolator's reach), added to the meter's reading;</item>
/// <item>where the estimate exceeds <see cref="LongReadingAbove"/> of the threshold and twice it could take the
/// reading over the threshold, a long interpolator (4x, 256 taps per phase, Kaiser β = 14, flat to 0.48·fs) instead,
/// with the meter's reading kept as a floor;</item>
/// <item>the Annex 2 filter's (<see cref="Bs1770Interpolator"/>), whose pass-band ripple reads some material higher
/// than an ideal interpolation.</item>
/// </list>
/// A run of outputs whose inputs in the short reach, times the largest gain of either short reading, plus twice the
/// estimate, stay at or below the threshold is not interpolated: its envelope is the samples' magnitude, also at or
/// below the threshold, so the limiter applies no gain there either way. Every output depends on its own position
/// only, never on the block sizes. Output i is the largest magnitude from input i − <see cref="LatencyFrames"/> up to
/// the next input.
/// </summary>
internal sealed class LimiterPeakEnvelope
{
    public const int MaxChunkFrames = 1024;

    /// <summary>Taps per phase of the long interpolator.</summary>
    public const int LongTaps = 256;

    /// <summary>Kaiser β of the long interpolator's prototype.</summary>
    public const double LongKaiserBeta = 14;

    /// <summary>Where the short reading's estimated error exceeds this fraction of the threshold, the long interpolator reads instead.</summary>
    public const float LongReadingAbove = 0.006f;

    /// <summary>
    /// Frames either side of a peak over which the limiter keeps its gain flat, so that the interpolators read the
    /// output's peak as the gain times the input's. The long interpolator reaches 128 frames either side, but its
    /// window has fallen to a fifth by 64; measured on bursts near Nyquist: 24 frames let 0.09 dB over, 64 frames 0.04.
    /// </summary>
    public const int FlatFrames = 64;

    private const int ShortTaps = TruePeakDetector.TapsPerPhase;
    private const int Reach = LongTaps / 2;
    private const int Delay = NyquistErrorEstimate.LatencyFrames;
    private const int History = 2 * Delay;

    private static readonly Lazy<float[][]> LongDesign = new(() =>
        TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, LongTaps, LongKaiserBeta));
    private static readonly Lazy<float> ErrorFactor = new(() => (float)(NyquistBandLevel.ShortFilterErrorFactor(
        TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, ShortTaps, TruePeakDetector.KaiserBeta),
        LongDesign.Value) * (1 + 1e-3)));

    private readonly float[][] _short;
    private readonly float[][] _long = LongDesign.Value;
    private readonly Vector<float>[][] _shortVectors;
    private readonly Vector<float>[][] _longVectors;
    private readonly Vector<float>[] _bs1770 = Bs1770Interpolator.Broadcast();
    private readonly NyquistErrorEstimate _estimate = new(ErrorFactor.Value);
    private readonly float[] _work = new float[History + MaxChunkFrames + Vector<float>.Count];
    private readonly float[] _errors = new float[MaxChunkFrames];
    private readonly float _threshold;
    private readonly float _skipAtOrBelow;

    public LimiterPeakEnvelope(double thresholdLinear)
    {
        _short = TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, ShortTaps, TruePeakDetector.KaiserBeta);
        _shortVectors = TruePeakKernels.Broadcast(_short);
        _longVectors = TruePeakKernels.Broadcast(_long, LongTaps);
        _threshold = (float)thresholdLinear;
        var largestGain = Math.Max(TruePeakDetector.LargestGain(_short), Bs1770Interpolator.LargestGain * (1 + 1e-4));
        _skipAtOrBelow = (float)(thresholdLinear / largestGain);
        if (_skipAtOrBelow > thresholdLinear / largestGain) _skipAtOrBelow = MathF.BitDecrement(_skipAtOrBelow);
    }

    public static int LatencyFrames => Delay;

    /// <summary>The factor from the Nyquist band's level to the estimate of the short reading's error.</summary>
    internal static float ErrorEstimateFactor => ErrorFactor.Value;

    /// <summary>Share of the outputs since construction or <see cref="Reset"/> that the long interpolator read.</summary>
    public double LongShare => _outputs == 0 ? 0 : (double)_longOutputs / _outputs;

    private long _outputs;
    private long _longOutputs;

    public void Reset()
    {
        Array.Clear(_work);
        _estimate.Reset();
        _outputs = _longOutputs = 0;
    }

    /// <summary>Feeds at most <see cref="MaxChunkFrames"/> samples and writes their envelope (as long as the input).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> envelope)
    {
        var n = input.Length;
        if (n > MaxChunkFrames) throw new ArgumentException($"At most {MaxChunkFrames} frames at a time.", nameof(input));
        var work = _work;
        input.CopyTo(work.AsSpan(History));
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(work);
        var width = Vector<float>.Count;
        var errors = _errors.AsSpan(0, n);
        _estimate.Process(input, errors);

        // Output i is the sample at o = History + i − Delay; everything read lies within o − Delay .. o + Delay.
        var threshold = new Vector<float>(_threshold);
        var longAbove = new Vector<float>(LongReadingAbove * _threshold);
        var skipScale = new Vector<float>(_skipAtOrBelow / _threshold * (1 - 1e-6f));
        var i = 0;
        var two = new Vector<float>(2f);
        for (; i + width <= n; i += width)
        {
            var o = History + i - Delay;
            var error = new Vector<float>(errors[i..]);
            // Skipped: every point of either short reading, raised by twice the estimate, provably stays at or below
            // the threshold (reach × largest gain + 2·error ≤ threshold), so the limiter applies no gain here.
            var reach = Vector.Abs(Vector.LoadUnsafe(ref w0, (nuint)(o - ShortTaps / 2 + 1)));
            for (var r = o - ShortTaps / 2 + 1 + width; r < o + ShortTaps / 2 + width; r += width)
                reach = Vector.Max(reach, Vector.Abs(Vector.LoadUnsafe(ref w0, (nuint)Math.Min(r, o + ShortTaps / 2))));
            var e = Vector.Abs(Vector.LoadUnsafe(ref w0, (nuint)o));
            if (Vector.GreaterThanAny(reach, (threshold - two * error) * skipScale))
            {
                var shortReading = Short(ref w0, o);
                var bs = Bs1770Interpolator.Max(ref w0, (nuint)(o + Bs1770Interpolator.Lead), _bs1770);
                e = Vector.Max(shortReading + error, bs);
                // The long interpolator where the estimate is large and could take the reading over the threshold.
                var useLong = Vector.GreaterThan(error, longAbove) & Vector.GreaterThan(shortReading + two * error, threshold);
                if (!Vector.EqualsAll(useLong, Vector<int>.Zero))
                {
                    var longReading = TruePeakKernels.Envelope<AlwaysFused>(ref w0, (nuint)(o + Reach), _longVectors, LongTaps);
                    e = Vector.ConditionalSelect(useLong, Vector.Max(Vector.Max(shortReading, longReading), bs), e);
                    _longOutputs -= Vector.Sum(useLong);
                }
            }
            e.CopyTo(envelope[i..]);
        }
        for (; i < n; i++)
        {
            var o = History + i - Delay;
            var shortReading = TruePeakKernels.ScalarEnvelope(work, o + ShortTaps / 2, _short);
            var bs = Bs1770Interpolator.ScalarMax(work, o + Bs1770Interpolator.Lead);
            if (errors[i] > LongReadingAbove * _threshold && shortReading + 2f * errors[i] > _threshold)
            {
                envelope[i] = Math.Max(Math.Max(shortReading, TruePeakKernels.ScalarEnvelope(work, o + Reach, _long)), bs);
                _longOutputs++;
            }
            else envelope[i] = Math.Max(shortReading + errors[i], bs);
        }
        _outputs += n;
        work.AsSpan(n, History).CopyTo(work);
    }

    private Vector<float> Short(ref float w0, int o) =>
        TruePeakKernels.Envelope<AlwaysFused>(ref w0, (nuint)(o + ShortTaps / 2), _shortVectors);
}
