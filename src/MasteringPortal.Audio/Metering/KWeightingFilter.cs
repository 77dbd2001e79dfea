using System.Runtime.Intrinsics;
using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// The two K-weighting biquads of one channel with their state (transposed direct form II, in double),
/// fused with the mean-square sum that BS.1770 needs, so the weighted signal never touches memory.
/// Sample by sample, the loop cannot be vectorised over time (each output feeds the next); its speed is bound by the
/// latency of the feedback chain, so <see cref="SumOfSquaresPair"/> runs two channels in one loop to
/// give the CPU two independent chains to overlap. Where the processor has AVX-512 the pair runs eight samples at a
/// time instead, from the block form of the same filter (<see cref="KWeightingBlocks"/>).
/// </summary>
internal sealed class KWeightingFilter
{
    private readonly BiquadCoefficients _shelf;
    private readonly BiquadCoefficients _highPass;
    private readonly KWeightingBlocks? _blocks;
    private double _s1, _s2, _h1, _h2;

    public KWeightingFilter(double sampleRateHz) : this(sampleRateHz, allowBlocks: true)
    {
    }

    /// <param name="allowBlocks">False keeps the pair on the sample-by-sample loop (what runs without AVX-512), for the tests.</param>
    internal KWeightingFilter(double sampleRateHz, bool allowBlocks)
    {
        _shelf = KWeighting.PreFilter(sampleRateHz);
        _highPass = KWeighting.RlbHighPass(sampleRateHz);
        if (allowBlocks && KWeightingBlocks.IsSupported)
        {
            _blocks = KWeightingBlocks.For(_shelf, _highPass);
            Cursor = new KWeightingBlocks.Cursor();
        }
    }

    /// <summary>Where this filter stands in its blocks of eight (null without the block form).</summary>
    internal KWeightingBlocks.Cursor? Cursor { get; }

    /// <summary>
    /// The state (s1, s2, h1, h2) in lanes 0-3: after the last sample fed, except while a block is in progress
    /// (<see cref="Cursor"/> holds samples): then it is the state before that block, and <see cref="CatchUp"/> brings it
    /// up to date for a caller that goes on sample by sample.
    /// </summary>
    internal Vector512<double> State
    {
        get => Vector512.Create(_s1, _s2, _h1, _h2, 0, 0, 0, 0);
        set => (_s1, _s2, _h1, _h2) = (value.GetElement(0), value.GetElement(1), value.GetElement(2), value.GetElement(3));
    }

    /// <summary>Ends a block in progress: the state runs sample by sample through the block's samples so far.</summary>
    internal void CatchUp()
    {
        if (Cursor is not { Pending: > 0 } cursor) return;
        State = cursor.StartState;
        foreach (var v in cursor.Inputs.AsSpan(0, cursor.Pending)) Step(_shelf, _highPass, v, ref _s1, ref _s2, ref _h1, ref _h2);
        cursor.Forget();
    }

    /// <summary>
    /// One sample through both biquads, the state updated: the arithmetic of every loop below, written once for the
    /// block design (<see cref="KWeightingBlocks"/>), which runs it on unit inputs and states.
    /// </summary>
    internal static double Step(BiquadCoefficients shelf, BiquadCoefficients highPass, double v,
                                ref double s1, ref double s2, ref double h1, ref double h2)
    {
        var y = Math.FusedMultiplyAdd(shelf.B0, v, s1);
        s1 = Math.FusedMultiplyAdd(-shelf.A1, y, Math.FusedMultiplyAdd(shelf.B1, v, s2));
        s2 = Math.FusedMultiplyAdd(-shelf.A2, y, shelf.B2 * v);
        var z = y + h1;
        h1 = Math.FusedMultiplyAdd(-highPass.A1, z, h2 - 2 * y);
        h2 = Math.FusedMultiplyAdd(-highPass.A2, z, y);
        return z;
    }

    public void Reset()
    {
        _s1 = _s2 = _h1 = _h2 = 0;
        Cursor?.Forget();
    }

    /// <summary>Filters <paramref name="x"/> and returns Σ y² of the K-weighted samples (BS.1770-4 Annex 1, eq. 1).</summary>
    public double SumOfSquares(ReadOnlySpan<float> x)
    {
        // One channel runs sample by sample from the current state; a pair's next call starts a fresh block.
        CatchUp();
        double pb0 = _shelf.B0, pb1 = _shelf.B1, pb2 = _shelf.B2, pa1 = _shelf.A1, pa2 = _shelf.A2;
        double ha1 = _highPass.A1, ha2 = _highPass.A2;
        double s1 = _s1, s2 = _s2, h1 = _h1, h2 = _h2, sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var y = Math.FusedMultiplyAdd(pb0, v, s1);
            s1 = Math.FusedMultiplyAdd(-pa1, y, Math.FusedMultiplyAdd(pb1, v, s2));
            s2 = Math.FusedMultiplyAdd(-pa2, y, pb2 * v);
            // RLB numerator 1, −2, 1 (Table 2).
            var z = y + h1;
            h1 = Math.FusedMultiplyAdd(-ha1, z, h2 - 2 * y);
            h2 = Math.FusedMultiplyAdd(-ha2, z, y);
            sum = Math.FusedMultiplyAdd(z, z, sum);
        }
        _s1 = s1; _s2 = s2; _h1 = h1; _h2 = h2;
        return sum;
    }

    /// <summary>
    /// <see cref="SumOfSquares"/> for two channels of equal length in one loop; returns
    /// <paramref name="weightA"/>·Σa² + <paramref name="weightB"/>·Σb².
    /// Both filters must run at the same rate (they share coefficients).
    /// </summary>
    public static double SumOfSquaresPair(KWeightingFilter a, ReadOnlySpan<float> xa, double weightA,
                                          KWeightingFilter b, ReadOnlySpan<float> xb, double weightB) =>
        SumOfSquaresPair<WithoutFoldDown>(a, xa, weightA, b, xb, weightB, out _);

    /// <summary>
    /// <see cref="SumOfSquaresPair(KWeightingFilter, ReadOnlySpan{float}, double, KWeightingFilter, ReadOnlySpan{float}, double)"/>
    /// that also returns Σ((a+b)/2)² of the two K-weighted channels in <paramref name="foldDownSumOfSquares"/>: the
    /// K-weighted mono fold-down (L+R)/2, exact because the filter is linear (K(L) + K(R) = K(L + R)), at the cost of one
    /// more multiply-add per frame instead of a second filter bank.
    /// </summary>
    public static double SumOfSquaresPairWithFoldDown(KWeightingFilter a, ReadOnlySpan<float> xa, double weightA,
                                                      KWeightingFilter b, ReadOnlySpan<float> xb, double weightB,
                                                      out double foldDownSumOfSquares) =>
        SumOfSquaresPair<WithFoldDown>(a, xa, weightA, b, xb, weightB, out foldDownSumOfSquares);

    // The JIT compiles one copy of the loop per flag type (value-type generic), so the fold-down sum costs nothing when off.
    internal interface IFoldDownFlag { static abstract bool Enabled { get; } }
    private readonly struct WithFoldDown : IFoldDownFlag { public static bool Enabled => true; }
    private readonly struct WithoutFoldDown : IFoldDownFlag { public static bool Enabled => false; }

    private static double SumOfSquaresPair<TFoldDown>(KWeightingFilter a, ReadOnlySpan<float> xa, double weightA,
                                                      KWeightingFilter b, ReadOnlySpan<float> xb, double weightB,
                                                      out double foldDownSumOfSquares)
        where TFoldDown : struct, IFoldDownFlag
    {
        if (xa.Length != xb.Length) throw new ArgumentException("Both channels must have the same length.");
        var blocks = a._blocks;
        if (blocks is not null && b._blocks == blocks)
        {
            var (sumA, sumB, sumFold) = blocks.SumOfSquaresPair<TFoldDown>(a, xa, b, xb);
            foldDownSumOfSquares = 0.25 * sumFold;
            return weightA * sumA + weightB * sumB;
        }
        // Sample by sample from each filter's current state (one of them may have been fed in blocks before).
        a.CatchUp();
        b.CatchUp();
        return PairSampleBySample<TFoldDown>(a, xa, weightA, b, xb, weightB, out foldDownSumOfSquares);
    }

    private static double PairSampleBySample<TFoldDown>(KWeightingFilter a, ReadOnlySpan<float> xa, double weightA,
                                                        KWeightingFilter b, ReadOnlySpan<float> xb, double weightB,
                                                        out double foldDownSumOfSquares)
        where TFoldDown : struct, IFoldDownFlag
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) return SumOfSquaresPairLanes<TFoldDown>(a, xa, weightA, b, xb, weightB, out foldDownSumOfSquares);
        double pb0 = a._shelf.B0, pb1 = a._shelf.B1, pb2 = a._shelf.B2, pa1 = a._shelf.A1, pa2 = a._shelf.A2;
        double ha1 = a._highPass.A1, ha2 = a._highPass.A2;
        double as1 = a._s1, as2 = a._s2, ah1 = a._h1, ah2 = a._h2, sumA = 0;
        double bs1 = b._s1, bs2 = b._s2, bh1 = b._h1, bh2 = b._h2, sumB = 0;
        double sumFold = 0;
        xb = xb[..xa.Length];
        for (var i = 0; i < xa.Length; i++)
        {
            double va = xa[i], vb = xb[i];
            // Feedback terms last, as fused multiply-adds, to keep each recursion's critical path short.
            var ya = Math.FusedMultiplyAdd(pb0, va, as1);
            var yb = Math.FusedMultiplyAdd(pb0, vb, bs1);
            as1 = Math.FusedMultiplyAdd(-pa1, ya, Math.FusedMultiplyAdd(pb1, va, as2));
            bs1 = Math.FusedMultiplyAdd(-pa1, yb, Math.FusedMultiplyAdd(pb1, vb, bs2));
            as2 = Math.FusedMultiplyAdd(-pa2, ya, pb2 * va);
            bs2 = Math.FusedMultiplyAdd(-pa2, yb, pb2 * vb);
            var za = ya + ah1;
            var zb = yb + bh1;
            ah1 = Math.FusedMultiplyAdd(-ha1, za, ah2 - 2 * ya);
            bh1 = Math.FusedMultiplyAdd(-ha1, zb, bh2 - 2 * yb);
            ah2 = Math.FusedMultiplyAdd(-ha2, za, ya);
            bh2 = Math.FusedMultiplyAdd(-ha2, zb, yb);
            sumA = Math.FusedMultiplyAdd(za, za, sumA);
            sumB = Math.FusedMultiplyAdd(zb, zb, sumB);
            if (TFoldDown.Enabled)
            {
                var zs = za + zb;
                sumFold = Math.FusedMultiplyAdd(zs, zs, sumFold);
            }
        }
        a._s1 = as1; a._s2 = as2; a._h1 = ah1; a._h2 = ah2;
        b._s1 = bs1; b._s2 = bs2; b._h1 = bh1; b._h2 = bh2;
        foldDownSumOfSquares = 0.25 * sumFold;
        return weightA * sumA + weightB * sumB;
    }

    /// <summary>
    /// The same loop with the two channels as the two lanes of one 128-bit vector: half the instructions, the same
    /// operations in the same order on each lane (fused multiply-adds on x64 with FMA, as the scalar loop's), so the
    /// same bits. A test compares it with <see cref="SumOfSquares"/> run channel by channel.
    /// </summary>
    private static double SumOfSquaresPairLanes<TFoldDown>(KWeightingFilter a, ReadOnlySpan<float> xa, double weightA,
                                                           KWeightingFilter b, ReadOnlySpan<float> xb, double weightB,
                                                           out double foldDownSumOfSquares)
        where TFoldDown : struct, IFoldDownFlag
    {
        var pb0 = Vector128.Create(a._shelf.B0);
        var pb1 = Vector128.Create(a._shelf.B1);
        var pb2 = Vector128.Create(a._shelf.B2);
        var npa1 = Vector128.Create(-a._shelf.A1);
        var npa2 = Vector128.Create(-a._shelf.A2);
        var nha1 = Vector128.Create(-a._highPass.A1);
        var nha2 = Vector128.Create(-a._highPass.A2);
        var two = Vector128.Create(2.0);
        var s1 = Vector128.Create(a._s1, b._s1);
        var s2 = Vector128.Create(a._s2, b._s2);
        var h1 = Vector128.Create(a._h1, b._h1);
        var h2 = Vector128.Create(a._h2, b._h2);
        var sum = Vector128<double>.Zero;
        double sumFold = 0;
        xb = xb[..xa.Length];
        for (var i = 0; i < xa.Length; i++)
        {
            var v = Vector128.Create((double)xa[i], xb[i]);
            var y = Vector128.FusedMultiplyAdd(pb0, v, s1);
            s1 = Vector128.FusedMultiplyAdd(npa1, y, Vector128.FusedMultiplyAdd(pb1, v, s2));
            s2 = Vector128.FusedMultiplyAdd(npa2, y, pb2 * v);
            var z = y + h1;
            h1 = Vector128.FusedMultiplyAdd(nha1, z, h2 - two * y);
            h2 = Vector128.FusedMultiplyAdd(nha2, z, y);
            sum = Vector128.FusedMultiplyAdd(z, z, sum);
            if (TFoldDown.Enabled)
            {
                var zs = z.GetElement(0) + z.GetElement(1);
                sumFold = Math.FusedMultiplyAdd(zs, zs, sumFold);
            }
        }
        a._s1 = s1.GetElement(0); a._s2 = s2.GetElement(0); a._h1 = h1.GetElement(0); a._h2 = h2.GetElement(0);
        b._s1 = s1.GetElement(1); b._s2 = s2.GetElement(1); b._h1 = h1.GetElement(1); b._h2 = h2.GetElement(1);
        foldDownSumOfSquares = 0.25 * sumFold;
        return weightA * sum.GetElement(0) + weightB * sum.GetElement(1);
    }
}
