using System.Numerics;
using System.Runtime.CompilerServices;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// Refines a peak between the points of the oversampled grid: the vertex of the parabola through three
/// consecutive points, where it lies within their span. On a 4x grid a signal below fs/2 moves at most π/4
/// radians per point, where a parabola follows it to a few thousandths of a dB; without it the grid alone reads
/// up to 20·log10(cos(π/8)) = −0.69 dB low at Nyquist (−0.14 dB at 0.2·fs). The vertex is capped at
/// 1/cos(π/8) times the largest of the three points (how far a sine below fs/2 can rise between 4x grid points),
/// so a parabola through points that are not near a smooth crest can never run away.
/// </summary>
internal static class ParabolicPeak
{
    /// <summary>The cap for a 4x grid: 1/cos(π/8).</summary>
    public const float Cap4x = 1.0823922f;

    /// <summary>Largest |vertex| of the parabolas centred on y1, y2, y3 of the five points y0..y4, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Max(Vector<float> y0, Vector<float> y1, Vector<float> y2, Vector<float> y3, Vector<float> y4)
    {
        var m = Vertex(y0, y1, y2);
        m = Vector.Max(m, Vertex(y1, y2, y3));
        m = Vector.Max(m, Vertex(y2, y3, y4));
        return m;
    }

    /// <summary>|vertex| of the parabola through (−1, a), (0, b), (1, c) where it lies in [−1, 1], else 0; capped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Vertex(Vector<float> a, Vector<float> b, Vector<float> c)
    {
        var curvature = a - b - b + c;
        var slope = (c - a) * new Vector<float>(0.5f);
        var inside = Vector.LessThan(Vector.Abs(slope), Vector.Abs(curvature));
        var safe = Vector.ConditionalSelect(inside, curvature, Vector<float>.One);
        var vertex = Vector.Abs(b - slope * slope / (safe + safe));
        var cap = Vector.Max(Vector.Abs(a), Vector.Max(Vector.Abs(b), Vector.Abs(c))) * new Vector<float>(Cap4x);
        return Vector.ConditionalSelect(inside, Vector.Min(vertex, cap), Vector<float>.Zero);
    }

    /// <summary>The scalar form of <see cref="Vertex(Vector{float}, Vector{float}, Vector{float})"/>, same arithmetic.</summary>
    public static float Vertex(float a, float b, float c)
    {
        var curvature = a - b - b + c;
        var slope = (c - a) * 0.5f;
        if (!(Math.Abs(slope) < Math.Abs(curvature))) return 0;
        var vertex = Math.Abs(b - slope * slope / (curvature + curvature));
        return Math.Min(vertex, Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c))) * Cap4x);
    }
}
