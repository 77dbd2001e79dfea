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
