namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// The coefficients of a rational L/M sample-rate converter: one Kaiser-windowed sinc low-pass at the
/// upsampled rate L·fsIn, split into L polyphase branches of <see cref="TapsPerPhase"/> taps.
/// Designed once, shared by every channel's <see cref="ChannelResampler"/> (design is separate from state).
/// </summary>
/// <remarks>
/// The prototype has an odd length, so its group delay <see cref="DelayUpsampledSamples"/> is a whole
/// number of upsampled samples; the streaming state starts reading the filter that far in, which is how
/// the output comes out time-aligned (output frame k is input time k / fsOut) with no latency to trim.
/// Taps are stored as float: their rounding error (2^-24 relative) sits far below the 120 dB stopband,
/// which the tests measure on the converted signal.
/// </remarks>
public sealed class ResamplerDesign
{
    /// <summary>Extra attenuation designed in above the requested figure, because Kaiser's length formula is an estimate (±1-2 dB).</summary>
    private const double DesignMarginDb = 5.0;

    private ResamplerDesign(ResamplerSettings settings, int up, int down, int tapsPerPhase, int delay,
        double passbandEdgeHz, double stopbandEdgeHz, float[] phaseTaps, double[] prototype)
    {
        Settings = settings;
        UpFactor = up;
        DownFactor = down;
        TapsPerPhase = tapsPerPhase;
        DelayUpsampledSamples = delay;
        PassbandEdgeHz = passbandEdgeHz;
        StopbandEdgeHz = stopbandEdgeHz;
        PhaseTaps = phaseTaps;
        Prototype = prototype;
    }

    public ResamplerSettings Settings { get; }

    /// <summary>L: the interpolation factor (output rate / gcd).</summary>
    public int UpFactor { get; }

    /// <summary>M: the decimation factor (input rate / gcd).</summary>
    public int DownFactor { get; }

    /// <summary>Input samples each output sample is computed from.</summary>
    public int TapsPerPhase { get; }

    /// <summary>Group delay of the prototype in upsampled samples; compensated inside the converter.</summary>
    public int DelayUpsampledSamples { get; }

    /// <summary>Group delay of the filter in input frames (informational: the converter already removes it).</summary>
    public double FilterDelayInputFrames => (double)DelayUpsampledSamples / UpFactor;

    public double PassbandEdgeHz { get; }

    /// <summary>The lower Nyquist frequency: attenuation is at least the requested figure from here up.</summary>
    public double StopbandEdgeHz { get; }

    /// <summary>True when the rates are equal and the converter just copies.</summary>
    public bool IsPassThrough => UpFactor == 1 && DownFactor == 1;

    /// <summary>
    /// L branches of <see cref="TapsPerPhase"/> taps; branch p holds h[p + (K−1−i)·L] at index i, reversed so
    /// that an output is a plain dot product with the K most recent input samples, oldest first.
    /// </summary>
    internal float[] PhaseTaps { get; }

    /// <summary>The prototype low-pass at the upsampled rate in double (for design checks in tests).</summary>
    internal double[] Prototype { get; }

    public static ResamplerDesign Create(ResamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fsIn = settings.InputRateHz;
        var fsOut = settings.OutputRateHz;
        if (fsIn < 8000 || fsIn > 768000 || fsOut < 8000 || fsOut > 768000)
            throw new ArgumentOutOfRangeException(nameof(settings),
                $"Sample-rate conversion supports 8 kHz to 768 kHz; asked for {fsIn} Hz to {fsOut} Hz.");

        var g = Gcd(fsIn, fsOut);
        var up = fsOut / g;
        var down = fsIn / g;
        if (up > 4096 || down > 4096)
            throw new ArgumentOutOfRangeException(nameof(settings),
                $"{fsIn} Hz to {fsOut} Hz is not a ratio this converter handles (L/M = {up}/{down}); use one of the common rates.");

        var lowerRate = Math.Min(fsIn, fsOut);
        var stopEdge = lowerRate / 2.0;
        var passEdge = settings.PassbandEdgeHz ?? (lowerRate <= 48000 ? 20000.0 : lowerRate * (20000.0 / 44100.0));
        if (passEdge <= 0 || passEdge >= stopEdge)
            throw new ArgumentOutOfRangeException(nameof(settings),
                $"The passband edge ({passEdge} Hz) must lie below the lower Nyquist frequency ({stopEdge} Hz).");

        if (up == 1 && down == 1)
            return new ResamplerDesign(settings, 1, 1, 1, 0, passEdge, stopEdge, [1f], [1.0]);

        var upsampledRate = (double)fsIn * up;
        var attenuation = settings.StopbandAttenuationDb + DesignMarginDb;
        var beta = KaiserWindow.BetaForAttenuation(attenuation);
        var needed = KaiserWindow.LengthFor(attenuation, (stopEdge - passEdge) / upsampledRate);
        var tapsPerPhase = (needed + up - 1) / up;
        var total = tapsPerPhase * up;
        var length = total % 2 == 1 ? total : total - 1; // odd: whole-sample group delay
        var centre = (length - 1) / 2;

        // Ideal low-pass at the middle of the transition band, gain L (zero-stuffing divides by L).
        var cutoff = (passEdge + stopEdge) / 2.0 / upsampledRate; // cycles per upsampled sample
        var prototype = new double[total];
        var sum = 0.0;
        for (var n = 0; n < length; n++)
        {
            var t = n - centre;
            var sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            prototype[n] = sinc * KaiserWindow.Value(n, length, beta);
            sum += prototype[n];
        }
        var scale = up / sum; // exact DC gain L, so each branch averages to unity
        for (var n = 0; n < length; n++) prototype[n] *= scale;

        var phaseTaps = new float[total];
        for (var p = 0; p < up; p++)
            for (var i = 0; i < tapsPerPhase; i++)
                phaseTaps[p * tapsPerPhase + i] = (float)prototype[p + (tapsPerPhase - 1 - i) * up];

        return new ResamplerDesign(settings, up, down, tapsPerPhase, centre, passEdge, stopEdge, phaseTaps, prototype);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
