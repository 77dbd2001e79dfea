using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering.TruePeakReferences;

/// <summary>
/// A test-only true-peak meter written straight from ITU-R BS.1770-4 Annex 2: 4x oversampling by the 48-tap
/// polyphase filter the Annex tabulates (the engine's copy of the table, checked on its own by
/// Bs1770ReferenceMeterTests), in double precision and without shortcuts, then the largest absolute value.
/// (The Annex's −12.04 dB attenuation before the filter exists for fixed-point headroom; in floating point it
/// cancels against the +12.04 dB after it and is left out.)
/// </summary>
internal static class Bs1770TruePeakReference
{
    private static double[][] Phases => Bs1770Interpolator.Coefficients;

    /// <summary>Largest magnitude of the Annex 2 interpolation of one channel (silence before and after), linear.</summary>
    public static double Peak(ReadOnlySpan<float> channel)
    {
        var best = 0.0;
        var taps = Phases[0].Length;
        for (var m = 0; m < channel.Length + taps; m++)
            foreach (var phase in Phases)
            {
                var acc = 0.0;
                for (var k = 0; k < taps; k++)
                {
                    var i = m - k;
                    if (i >= 0 && i < channel.Length) acc += phase[k] * channel[i];
                }
                best = Math.Max(best, Math.Abs(acc));
            }
        return best;
    }

    public static double PeakDbtp(float[][] planar) => 20 * Math.Log10(planar.Max(c => Peak(c)));
}
