namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// The FFT bins a 1/3-octave band overlaps. Bin k covers [(k − ½)Δ, (k + ½)Δ] and is shared between the bands it
/// overlaps in proportion to the overlap in Hz (ideal rectangular band edges), so no power is counted twice or lost.
/// </summary>
internal readonly record struct BandBins(double LowHz, double HighHz, int First, int Last)
{
    /// <summary>The bins of <paramref name="band"/> up to <paramref name="lastBin"/>; null when the band starts at or above Nyquist.</summary>
    public static BandBins? For(int band, double binWidthHz, double nyquistHz, int lastBin)
    {
        var lo = ThirdOctaveBands.LowerEdgeHz(band);
        if (lo >= nyquistHz) return null;
        var hi = Math.Min(ThirdOctaveBands.UpperEdgeHz(band), nyquistHz);
        var first = Math.Max(0, (int)Math.Floor(lo / binWidthHz + 0.5));
        var last = Math.Min(lastBin, (int)Math.Ceiling(hi / binWidthHz + 0.5));
        return new BandBins(lo, hi, first, last);
    }

    /// <summary>How much of bin <paramref name="k"/> lies inside the band, in Hz (zero or negative when none).</summary>
    public double OverlapHz(int k, double binWidthHz) => Math.Min(HighHz, (k + 0.5) * binWidthHz) - Math.Max(LowHz, (k - 0.5) * binWidthHz);
}
