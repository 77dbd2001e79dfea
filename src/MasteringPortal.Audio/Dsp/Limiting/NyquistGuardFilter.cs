using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// The limiter's first stage for ONE channel: a linear-phase low-pass (Kaiser-windowed sinc, 127 taps, β = 6.5,
/// −6 dB at 0.45·fs) that is flat to 0.43·fs (19 kHz at 44.1 kHz, 20.6 kHz at 48 kHz) and 60 dB down from
/// 0.47·fs. Why: content in the last few percent below Nyquist (a mix clipped at its own rate, a naive square
/// wave) is where interpolators disagree, and where the true-peak detector's 4x filter loses accuracy, so a
/// master that keeps it can measure over the ceiling on an ideal meter however carefully the limiter reads its
/// own output. Without it every interpolator agrees on the master to a few thousandths of a dB: the guard's
/// gain times the detector's error stays under 0.2 % at every frequency. Output i is input i − <see cref="LatencyFrames"/>.
/// <para>
/// A linear-phase filter rings before and after what it is given, and a master is cut to the mix's length: the
/// ringing before the first frame and after the last is never written. Left in, the limiter would hold a signal
/// the file does not contain, and the file's abrupt start or end could read 0.2 dB over on an ideal meter (a
/// full-scale square starting at frame 0). So the outputs that belong before the first input are zero, and so are
/// those after the last one once <see cref="EndOfInput"/> has been called (the flush then drains the last frames'
/// own outputs): the limiter watches exactly the signal the file will hold.
/// </para>
/// </summary>
internal sealed class NyquistGuardFilter
{
    public const int Taps = 127;
    public const double CutoffFractionOfRate = 0.45;
    public const double KaiserBeta = 6.5;
    public const int MaxChunkFrames = 1024;

    private static readonly Lazy<Vector<float>[]> Design = new(() => DesignTaps().Select(h => new Vector<float>(h)).ToArray());

    private readonly Vector<float>[] _taps = Design.Value;
    private readonly float[] _work = new float[Taps - 1 + MaxChunkFrames + Vector<float>.Count];
    private long _position = -LatencyFrames;
    private long _end = long.MaxValue;

    public static int LatencyFrames => (Taps - 1) / 2;

    public void Reset()
    {
        Array.Clear(_work);
        _position = -LatencyFrames;
        _end = long.MaxValue;
    }

    /// <summary>The input has ended: after the next <see cref="LatencyFrames"/> outputs (the last inputs' own), only zeros.</summary>
    public void EndOfInput()
    {
        if (_end == long.MaxValue) _end = _position + LatencyFrames;
    }

    /// <summary>Filters at most <see cref="MaxChunkFrames"/> samples in place.</summary>
    public void Process(Span<float> samples)
    {
        const int history = Taps - 1;
        var n = samples.Length;
        if (n > MaxChunkFrames) throw new ArgumentException($"At most {MaxChunkFrames} frames at a time.", nameof(samples));
        var work = _work;
        samples.CopyTo(work.AsSpan(history));
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(work);
        ref var h0 = ref MemoryMarshal.GetArrayDataReference(_taps);
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= n; i += width)
        {
            var newest = (nuint)(history + i);
            var acc = Vector<float>.Zero;
            for (nuint k = 0; k < Taps; k++)
                acc = Vector.FusedMultiplyAdd(Unsafe.Add(ref h0, k), Vector.LoadUnsafe(ref w0, newest - k), acc);
            acc.CopyTo(samples[i..]);
        }
        for (; i < n; i++)
        {
            float acc = 0;
            for (var k = 0; k < Taps; k++) acc = MathF.FusedMultiplyAdd(_taps[k][0], work[history + i - k], acc);
            samples[i] = acc;
        }
        work.AsSpan(n, history).CopyTo(work);

        ClearOutsideTheStream(samples);
        _position += n;
    }

    /// <summary>Output j is stream frame _position + j: zero before frame 0 and from the end on.</summary>
    private void ClearOutsideTheStream(Span<float> samples)
    {
        var before = (int)Math.Clamp(-_position, 0, samples.Length);
        samples[..before].Clear();
        if (_end == long.MaxValue) return;
        var fromEnd = (int)Math.Clamp(_end - _position, 0, samples.Length);
        samples[fromEnd..].Clear();
    }

    /// <summary>The prototype, normalised to unity gain at DC.</summary>
    internal static float[] DesignTaps()
    {
        var h = new double[Taps];
        var center = (Taps - 1) / 2.0;
        var i0Beta = TruePeakInterpolatorDesign.BesselI0(KaiserBeta);
        for (var n = 0; n < Taps; n++)
        {
            var t = n - center;
            var sinc = t == 0 ? 1.0 : Math.Sin(2 * Math.PI * CutoffFractionOfRate * t) / (2 * Math.PI * CutoffFractionOfRate * t);
            var r = t / center;
            h[n] = sinc * TruePeakInterpolatorDesign.BesselI0(KaiserBeta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
        }
        var dc = h.Sum();
        return h.Select(v => (float)(v / dc)).ToArray();
    }
}
