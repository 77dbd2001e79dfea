using System.Runtime.Intrinsics;

namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Running state of one section in transposed direct form II, in double. TDF-II needs two state
/// words and has good round-off behaviour in double; the recursion (each output feeds the next)
/// is why the loop cannot be vectorised across samples.
/// </summary>
public struct Biquad
{
    public BiquadCoefficients Coefficients;
    private double _s1, _s2;

    public Biquad(BiquadCoefficients coefficients) => Coefficients = coefficients;

    public void Reset() => (_s1, _s2) = (0, 0);

    /// <summary>The two state words, for the stereo-pair kernel (<see cref="BiquadCascade.ProcessPair"/>).</summary>
    internal (double S1, double S2) State
    {
        readonly get => (_s1, _s2);
        set => (_s1, _s2) = value;
    }

    /// <summary>Filters <paramref name="data"/> in place.</summary>
    public void Process(Span<double> data)
    {
        // Coefficients and state in locals so the JIT keeps them in registers.
        var (b0, b1, b2, a1, a2) = Coefficients;
        double s1 = _s1, s2 = _s2;
        for (var i = 0; i < data.Length; i++)
        {
            var x = data[i];
            var y = Math.FusedMultiplyAdd(b0, x, s1);
            s1 = Math.FusedMultiplyAdd(b1, x, Math.FusedMultiplyAdd(-a1, y, s2));
            s2 = Math.FusedMultiplyAdd(b2, x, -a2 * y);
            data[i] = y;
        }
        _s1 = s1;
        _s2 = s2;
    }

    /// <summary>
    /// Filters float samples in place with double state: one rounding to float per output sample.
    /// For cascades, widen to double once and use the double overloads, so sections do not round between them.
    /// </summary>
    public void Process(Span<float> data)
    {
        var (b0, b1, b2, a1, a2) = Coefficients;
        double s1 = _s1, s2 = _s2;
        for (var i = 0; i < data.Length; i++)
        {
            double x = data[i];
            var y = Math.FusedMultiplyAdd(b0, x, s1);
            s1 = Math.FusedMultiplyAdd(b1, x, Math.FusedMultiplyAdd(-a1, y, s2));
            s2 = Math.FusedMultiplyAdd(b2, x, -a2 * y);
            data[i] = (float)y;
        }
        _s1 = s1;
        _s2 = s2;
    }

    /// <summary>Filters <paramref name="source"/> into <paramref name="destination"/> (may be the same memory).</summary>
    public void Process(ReadOnlySpan<double> source, Span<double> destination)
    {
        var (b0, b1, b2, a1, a2) = Coefficients;
        double s1 = _s1, s2 = _s2;
        for (var i = 0; i < source.Length; i++)
        {
            var x = source[i];
            var y = Math.FusedMultiplyAdd(b0, x, s1);
            s1 = Math.FusedMultiplyAdd(b1, x, Math.FusedMultiplyAdd(-a1, y, s2));
            s2 = Math.FusedMultiplyAdd(b2, x, -a2 * y);
            destination[i] = y;
        }
        _s1 = s1;
        _s2 = s2;
    }
}

/// <summary>A series of sections for one channel (state), built from a design.</summary>
public sealed class BiquadCascade
{
    private readonly Biquad[] _sections;

    public BiquadCascade(ReadOnlySpan<BiquadCoefficients> design)
    {
        _sections = new Biquad[design.Length];
        for (var i = 0; i < design.Length; i++) _sections[i] = new Biquad(design[i]);
    }

    public int SectionCount => _sections.Length;

    public void Reset()
    {
        for (var i = 0; i < _sections.Length; i++) _sections[i].Reset();
    }

    /// <summary>Runs each section over the whole block in turn (one tight loop per section).</summary>
    public void Process(Span<double> data)
    {
        for (var i = 0; i < _sections.Length; i++) _sections[i].Process(data);
    }

    /// <summary>
    /// Two channels through cascades of as many sections (the same design, or mid and side) at once, in place: one <see cref="Vector128{T}"/> lane per
    /// channel, two or three sections per pass so their recurrences overlap. Each lane does exactly the scalar
    /// section's fused multiply-adds in the same order, so the result is bit-identical to
    /// <see cref="Process(Span{double})"/> on each channel alone.
    /// </summary>
    public static void ProcessPair(BiquadCascade left, BiquadCascade right, Span<double> l, Span<double> r)
    {
        if (left._sections.Length != right._sections.Length) throw new ArgumentException("The cascades differ in length.", nameof(right));
        if (r.Length != l.Length) throw new ArgumentException("The channels differ in length.", nameof(r));
        var k = 0;
        // Three sections per pass where that leaves no single one over (3, 5, 6, 7, ...): one pass over the block
        // less, with three recurrences to overlap instead of two (the usual three-band EQ is one pass, not two).
        for (; left._sections.Length - k >= 3 && left._sections.Length - k != 4; k += 3)
            Pair3(ref left._sections[k], ref right._sections[k], ref left._sections[k + 1], ref right._sections[k + 1],
                ref left._sections[k + 2], ref right._sections[k + 2], l, r);
        for (; k + 1 < left._sections.Length; k += 2)
            Pair2(ref left._sections[k], ref right._sections[k], ref left._sections[k + 1], ref right._sections[k + 1], l, r);
        if (k == left._sections.Length) return;
        // An odd section out is paired with an identity section: 1·y + 0 is exactly y, so nothing changes.
        Biquad identityL = new(BiquadCoefficients.Identity), identityR = new(BiquadCoefficients.Identity);
        Pair2(ref left._sections[k], ref right._sections[k], ref identityL, ref identityR, l, r);
    }

    private readonly record struct Lanes(Vector128<double> B0, Vector128<double> B1, Vector128<double> B2, Vector128<double> NegA1, Vector128<double> NegA2)
    {
        public static Lanes Of(in Biquad a, in Biquad b) => new(
            Vector128.Create(a.Coefficients.B0, b.Coefficients.B0), Vector128.Create(a.Coefficients.B1, b.Coefficients.B1),
            Vector128.Create(a.Coefficients.B2, b.Coefficients.B2), Vector128.Create(-a.Coefficients.A1, -b.Coefficients.A1),
            Vector128.Create(-a.Coefficients.A2, -b.Coefficients.A2));
    }

    /// <summary>One sample through one section in both lanes (transposed direct form II; the scalar section's operations).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Step(in Lanes c, Vector128<double> x, ref Vector128<double> s1, ref Vector128<double> s2)
    {
        var y = Vector128.FusedMultiplyAdd(c.B0, x, s1);
        s1 = Vector128.FusedMultiplyAdd(c.B1, x, Vector128.FusedMultiplyAdd(c.NegA1, y, s2));
        s2 = Vector128.FusedMultiplyAdd(c.B2, x, c.NegA2 * y);
        return y;
    }

    private static void Pair2(ref Biquad a, ref Biquad b, ref Biquad a2, ref Biquad b2, Span<double> l, Span<double> r)
    {
        var c = Lanes.Of(a, b);
        var d = Lanes.Of(a2, b2);
        Vector128<double> s1 = Vector128.Create(a.State.S1, b.State.S1), s2 = Vector128.Create(a.State.S2, b.State.S2);
        Vector128<double> t1 = Vector128.Create(a2.State.S1, b2.State.S1), t2 = Vector128.Create(a2.State.S2, b2.State.S2);
        for (var i = 0; i < l.Length; i++)
        {
            var x = Vector128.Create(l[i], r[i]);
            var y = Step(c, x, ref s1, ref s2);
            var z = Step(d, y, ref t1, ref t2);
            l[i] = z.GetElement(0);
            r[i] = z.GetElement(1);
        }
        a.State = (s1.GetElement(0), s2.GetElement(0));
        b.State = (s1.GetElement(1), s2.GetElement(1));
        a2.State = (t1.GetElement(0), t2.GetElement(0));
        b2.State = (t1.GetElement(1), t2.GetElement(1));
    }

    private static void Pair3(ref Biquad a, ref Biquad b, ref Biquad a2, ref Biquad b2, ref Biquad a3, ref Biquad b3, Span<double> l, Span<double> r)
    {
        var c = Lanes.Of(a, b);
        var d = Lanes.Of(a2, b2);
        var e = Lanes.Of(a3, b3);
        Vector128<double> s1 = Vector128.Create(a.State.S1, b.State.S1), s2 = Vector128.Create(a.State.S2, b.State.S2);
        Vector128<double> t1 = Vector128.Create(a2.State.S1, b2.State.S1), t2 = Vector128.Create(a2.State.S2, b2.State.S2);
        Vector128<double> u1 = Vector128.Create(a3.State.S1, b3.State.S1), u2 = Vector128.Create(a3.State.S2, b3.State.S2);
        for (var i = 0; i < l.Length; i++)
        {
            var x = Vector128.Create(l[i], r[i]);
            var y = Step(c, x, ref s1, ref s2);
            var z = Step(d, y, ref t1, ref t2);
            var w = Step(e, z, ref u1, ref u2);
            l[i] = w.GetElement(0);
            r[i] = w.GetElement(1);
        }
        a.State = (s1.GetElement(0), s2.GetElement(0));
        b.State = (s1.GetElement(1), s2.GetElement(1));
        a2.State = (t1.GetElement(0), t2.GetElement(0));
        b2.State = (t1.GetElement(1), t2.GetElement(1));
        a3.State = (u1.GetElement(0), u2.GetElement(0));
        b3.State = (u1.GetElement(1), u2.GetElement(1));
    }

    public void Process(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (_sections.Length == 0)
        {
            source.CopyTo(destination);
            return;
        }
        _sections[0].Process(source, destination);
        for (var i = 1; i < _sections.Length; i++) _sections[i].Process(destination);
    }
}
