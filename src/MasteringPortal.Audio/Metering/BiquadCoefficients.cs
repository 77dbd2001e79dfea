using System.Numerics;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// A second-order IIR section, H(z) = (B0 + B1 z⁻¹ + B2 z⁻²) / (1 + A1 z⁻¹ + A2 z⁻²),
/// in the notation of BS.1770-4 Annex 1, Tables 1 and 2.
/// </summary>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    /// <summary>|H| at <paramref name="frequencyHz"/> for a filter running at <paramref name="sampleRateHz"/>, in dB.</summary>
    public double MagnitudeDb(double frequencyHz, double sampleRateHz)
    {
        var w = 2 * Math.PI * frequencyHz / sampleRateHz;
        var z1 = Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var h = (B0 + B1 * z1 + B2 * z2) / (1 + A1 * z1 + A2 * z2);
        return 20 * Math.Log10(h.Magnitude);
    }
}
