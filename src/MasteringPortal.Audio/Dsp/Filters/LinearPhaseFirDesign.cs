using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using MasteringPortal.Audio.Dsp.Saturation;

namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Frequency-sampling design of a linear-phase FIR with a given magnitude curve: sample |H| on a dense
/// FFT grid with zero phase, inverse FFT to a real, even impulse response, keep the centre 2K + 1
/// samples under a Kaiser window and shift them by K to make them causal. The FIR then has exactly the
/// designed magnitude smoothed by the window's main lobe (about 6 fs / taps wide), and a pure delay of
/// K = (taps - 1) / 2 frames.
/// </summary>
public static class LinearPhaseFirDesign
{
    /// <summary>Kaiser beta: side lobes about 75 dB down, main lobe narrow enough for 0.1 dB on EQ curves.</summary>
    public const double KaiserBeta = 7;

    /// <summary>Half-length K for a sample rate: 8192 up to 48 kHz (taps span 0.37 s), doubled per rate doubling.</summary>
    public static int HalfLengthFor(int sampleRateHz)
    {
        var k = 8192;
        while (sampleRateHz > 48000 * (k / 8192)) k *= 2;
        return k;
    }

    /// <summary>Designs the 2K + 1 taps of a linear-phase FIR whose magnitude follows <paramref name="magnitude"/>.</summary>
    public static double[] Design(Func<double, double> magnitude, int sampleRateHz, int halfLength)
    {
        var grid = 8 * halfLength; // dense grid: time aliasing of the ideal response is negligible
        var spectrum = new Complex[grid];
        for (var k = 0; k <= grid / 2; k++)
        {
            var m = magnitude((double)k * sampleRateHz / grid);
            spectrum[k] = m;
            if (k > 0 && k < grid / 2) spectrum[grid - k] = m;
        }
        Fourier.Inverse(spectrum, FourierOptions.AsymmetricScaling); // 1/N on the inverse
        var taps = new double[2 * halfLength + 1];
        var i0Beta = OversamplingFilterDesign.BesselI0(KaiserBeta);
        for (var n = -halfLength; n <= halfLength; n++)
        {
            var r = (double)n / (halfLength + 1);
            var window = OversamplingFilterDesign.BesselI0(KaiserBeta * Math.Sqrt(1 - r * r)) / i0Beta;
            taps[n + halfLength] = spectrum[(n + grid) % grid].Real * window;
        }
        return taps;
    }
}
