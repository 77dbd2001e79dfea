using System.Numerics;

namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// One second-order section, normalised so that a0 = 1:
/// H(z) = (B0 + B1 z^-1 + B2 z^-2) / (1 + A1 z^-1 + A2 z^-2).
/// (BS.1770-4 Annex 1 writes the K-weighting stages in this notation.) A first-order section is a biquad with B2 = A2 = 0. Design only: the running state lives in
/// <see cref="Biquad"/>, so one design can drive any number of channels.
/// </summary>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    /// <summary>The section that passes its input unchanged.</summary>
    public static BiquadCoefficients Identity => new(1, 0, 0, 0, 0);

    /// <summary>Builds a section from un-normalised cookbook terms (divides everything by a0).</summary>
    public static BiquadCoefficients FromRaw(double b0, double b1, double b2, double a0, double a1, double a2)
    {
        var inv = 1.0 / a0;
        return new(b0 * inv, b1 * inv, b2 * inv, a1 * inv, a2 * inv);
    }

    /// <summary>Complex frequency response at <paramref name="frequencyHz"/>, evaluated on the unit circle.</summary>
    public Complex Response(double frequencyHz, double sampleRateHz)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRateHz;
        var z1 = Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        return (B0 + B1 * z1 + B2 * z2) / (1 + A1 * z1 + A2 * z2);
    }

    /// <summary>|H| at <paramref name="frequencyHz"/> in dB.</summary>
    public double MagnitudeDb(double frequencyHz, double sampleRateHz) => 20 * Math.Log10(Response(frequencyHz, sampleRateHz).Magnitude);
}

/// <summary>Frequency response of a cascade of sections: the analytic "designed curve".</summary>
public static class BiquadResponse
{
    public static Complex Of(ReadOnlySpan<BiquadCoefficients> sections, double frequencyHz, double sampleRateHz)
    {
        var h = Complex.One;
        foreach (var s in sections) h *= s.Response(frequencyHz, sampleRateHz);
        return h;
    }

    public static double MagnitudeDb(ReadOnlySpan<BiquadCoefficients> sections, double frequencyHz, double sampleRateHz)
        => 20 * Math.Log10(Of(sections, frequencyHz, sampleRateHz).Magnitude);
}
