namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// The Kaiser window and Kaiser's empirical design formulas (Kaiser 1974; Oppenheim &amp; Schafer,
/// Discrete-Time Signal Processing, 3rd ed., eq. 7.62-7.63): for a stopband attenuation A dB the
/// shape parameter is β = 0.1102 (A − 8.7) when A &gt; 50, and the length needed for a transition
/// width Δω rad/sample is N − 1 = (A − 8) / (2.285 Δω).
/// </summary>
public static class KaiserWindow
{
    /// <summary>β for a stopband attenuation in dB (O&amp;S eq. 7.62).</summary>
    public static double BetaForAttenuation(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21),
        _ => 0.0,
    };

    /// <summary>Filter length (taps) for an attenuation and a transition width given as a fraction of the sample rate (O&amp;S eq. 7.63).</summary>
    public static int LengthFor(double attenuationDb, double transitionWidthOverSampleRate)
    {
        var deltaOmega = 2 * Math.PI * transitionWidthOverSampleRate;
        return (int)Math.Ceiling((attenuationDb - 8) / (2.285 * deltaOmega)) + 1;
    }

    /// <summary>Window value at tap <paramref name="n"/> of a window of <paramref name="length"/> taps.</summary>
    public static double Value(int n, int length, double beta)
    {
        if (length == 1) return 1.0;
        var r = 2.0 * n / (length - 1) - 1.0;
        var arg = 1.0 - r * r;
        return BesselI0(beta * Math.Sqrt(Math.Max(arg, 0.0))) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges for all x used here).</summary>
    public static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var q = x * x / 4.0;
        for (var k = 1; k < 500; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
