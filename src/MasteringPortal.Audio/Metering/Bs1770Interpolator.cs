using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// The interpolating filter ITU-R BS.1770-4 Annex 2 publishes for true-peak meters: 48 taps in 4 phases of 12, at
/// 4x. Distributors' and platforms' meters measure with it (or filters like it), so the limiter watches its reading
/// as well as our own: its pass band ripples by up to ±0.2 dB (phases 1 and 2 read a 0.1·fs tone 0.19 dB high
/// and DC 0.24 dB low), so on some material it reads above an ideal interpolation and a master held to our own
/// reading alone would measure over the ceiling there.
/// </summary>
internal static class Bs1770Interpolator
{
    public const int Phases = 4;
    public const int TapsPerPhase = 12;

    /// <summary>The newest input of the phases that interpolate between sample n and n + 1 is sample n + this (the filter's delay, 5.875 samples, rounded up).</summary>
    public const int Lead = 6;

    /// <summary>BS.1770-4 Annex 2, Table: phase p's tap k multiplies x(m − k); phase p's output lies (23.5 − p)/4 samples before m.</summary>
    public static readonly double[][] Coefficients =
    [
        [0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
         0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500],
        [-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
         0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375],
        [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
         0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875],
        [-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
         0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750],
    ];

    /// <summary>Σ|h| of the loudest phase: no output exceeds it times the largest input in reach.</summary>
    public static double LargestGain => Coefficients.Max(p => p.Sum(Math.Abs));

    /// <summary>The taps broadcast across vectors, phase-major.</summary>
    public static Vector<float>[] Broadcast() =>
        Coefficients.SelectMany(p => p.Select(h => new Vector<float>((float)h))).ToArray();

    /// <summary>
    /// Largest magnitude over the four phases for the lanes whose newest input is at <paramref name="newest"/> (and
    /// the next lanes); the work buffer must hold <see cref="TapsPerPhase"/> − 1 samples before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Max(ref float w0, nuint newest, Vector<float>[] taps)
    {
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        ref var r = ref MemoryMarshal.GetArrayDataReference(taps);
        if (taps.Length != Phases * TapsPerPhase) throw new ArgumentException("Wrong number of taps.", nameof(taps));
        for (nuint k = 0; k < TapsPerPhase; k++)
        {
            var v = Vector.LoadUnsafe(ref w0, newest - k);
            a0 = Vector.FusedMultiplyAdd(Unsafe.Add(ref r, k), v, a0);
            a1 = Vector.FusedMultiplyAdd(Unsafe.Add(ref r, k + TapsPerPhase), v, a1);
            a2 = Vector.FusedMultiplyAdd(Unsafe.Add(ref r, k + 2 * TapsPerPhase), v, a2);
            a3 = Vector.FusedMultiplyAdd(Unsafe.Add(ref r, k + 3 * TapsPerPhase), v, a3);
        }
        return Vector.Max(Vector.Max(Vector.Abs(a0), Vector.Abs(a1)), Vector.Max(Vector.Abs(a2), Vector.Abs(a3)));
    }

    /// <summary>The scalar form of <see cref="Max"/>, same roundings.</summary>
    public static float ScalarMax(float[] work, int newest)
    {
        var m = 0f;
        foreach (var phase in Coefficients)
        {
            float acc = 0;
            for (var k = 0; k < TapsPerPhase; k++) acc = MathF.FusedMultiplyAdd((float)phase[k], work[newest - k], acc);
            m = Math.Max(m, Math.Abs(acc));
        }
        return m;
    }
}
