namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// M = (L+R)/2, S = (L-R)/2 and back (L = M+S, R = M-S). In double the round trip of float input
/// is exact: the sum of two floats and the halving are both exact in a 53-bit mantissa.
/// </summary>
public static class MidSide
{
    public static void Encode(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<double> mid, Span<double> side)
    {
        for (var i = 0; i < left.Length; i++)
        {
            double l = left[i], r = right[i];
            mid[i] = (l + r) * 0.5;
            side[i] = (l - r) * 0.5;
        }
    }

    public static void Decode(ReadOnlySpan<double> mid, ReadOnlySpan<double> side, Span<float> left, Span<float> right)
    {
        for (var i = 0; i < mid.Length; i++)
        {
            left[i] = (float)(mid[i] + side[i]);
            right[i] = (float)(mid[i] - side[i]);
        }
    }
}
