using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MasteringPortal.Audio.Tests.Dsp.Dither;

/// <summary>Averaged periodogram (Welch, Hann window, 50 % overlap) of a requantisation error, for band comparisons.</summary>
internal static class ErrorSpectrum
{
    public const int SegmentLength = 4096;

    /// <summary>Power per FFT bin (one-sided, arbitrary but consistent scale) of <paramref name="error"/>.</summary>
    public static double[] Welch(ReadOnlySpan<double> error)
    {
        var psd = new double[SegmentLength / 2 + 1];
        var buffer = new Complex[SegmentLength];
        var segments = 0;
        for (var start = 0; start + SegmentLength <= error.Length; start += SegmentLength / 2)
        {
            for (var i = 0; i < SegmentLength; i++)
            {
                var hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / SegmentLength);
                buffer[i] = new Complex(error[start + i] * hann, 0);
            }
            Fourier.Forward(buffer, FourierOptions.NoScaling);
            for (var k = 0; k < psd.Length; k++) psd[k] += buffer[k].Magnitude * buffer[k].Magnitude;
            segments++;
        }
        for (var k = 0; k < psd.Length; k++) psd[k] /= segments;
        return psd;
    }

    /// <summary>Mean power of the bins between two frequencies.</summary>
    public static double BandPower(double[] psd, double lowHz, double highHz, int sampleRateHz)
    {
        var binHz = (double)sampleRateHz / SegmentLength;
        var first = (int)Math.Ceiling(lowHz / binHz);
        var last = Math.Min((int)Math.Floor(highHz / binHz), psd.Length - 1);
        var sum = 0.0;
        for (var k = first; k <= last; k++) sum += psd[k];
        return sum / (last - first + 1);
    }
}
