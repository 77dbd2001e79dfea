namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// 4th-order Linkwitz-Riley (LR4) crossover: two cascaded 2nd-order Butterworths per side. Low and
/// high outputs are in phase and sum to a 2nd-order all-pass (|sum| = 1 at every frequency), which is
/// <see cref="BiquadDesign.LinkwitzRileyAllPass"/>; the bilinear transform keeps that identity exact.
/// </summary>
public static class LinkwitzRileyDesign
{
    public static BiquadCoefficients[] LowPass(double sampleRateHz, double frequencyHz)
    {
        var s = ButterworthDesign.LowPass(sampleRateHz, frequencyHz, 2)[0];
        return [s, s];
    }

    public static BiquadCoefficients[] HighPass(double sampleRateHz, double frequencyHz)
    {
        var s = ButterworthDesign.HighPass(sampleRateHz, frequencyHz, 2)[0];
        return [s, s];
    }

    /// <summary>Checks a crossover list: ascending, inside (0, Nyquist), at most 3 (4 bands).</summary>
    public static double[] ValidateCrossovers(IReadOnlyList<double> frequenciesHz, double sampleRateHz, int maxCount = 3)
    {
        if (frequenciesHz.Count > maxCount)
            throw new ArgumentException($"At most {maxCount} crossover frequencies are supported.", nameof(frequenciesHz));
        for (var i = 0; i < frequenciesHz.Count; i++)
        {
            var f = frequenciesHz[i];
            if (!(f > 0 && f < sampleRateHz / 2))
                throw new ArgumentOutOfRangeException(nameof(frequenciesHz), f, "A crossover must lie between 0 Hz and half the sample rate.");
            if (i > 0 && f <= frequenciesHz[i - 1])
                throw new ArgumentException("Crossover frequencies must rise from band to band.", nameof(frequenciesHz));
        }
        return frequenciesHz.ToArray();
    }
}

/// <summary>
/// Splits one channel into N = crossovers + 1 bands with LR4 filters, as a chain: band 1 is the
/// low-pass at f1, the rest is split again at f2, and so on. Each band that left the chain early is
/// passed through the all-passes of the later crossovers, so every band carries the same phase and
/// the bands sum to AP(f1)·AP(f2)·... x: flat magnitude. <see cref="AllPassChain"/> gives that same
/// phase to a signal that is not split (e.g. the mid when only the side is split).
/// </summary>
public sealed class LinkwitzRileyBandSplitter
{
    private readonly BiquadCascade[] _lows;          // per crossover i: LR4 low-pass of the remainder
    private readonly BiquadCascade[] _highs;         // per crossover i: LR4 high-pass of the remainder
    private readonly BiquadCascade[] _compensation;  // per band b: all-passes of crossovers b+1..

    public LinkwitzRileyBandSplitter(IReadOnlyList<double> crossoversHz, double sampleRateHz)
    {
        var f = crossoversHz.ToArray();
        BandCount = f.Length + 1;
        _lows = new BiquadCascade[f.Length];
        _highs = new BiquadCascade[f.Length];
        _compensation = new BiquadCascade[BandCount];
        for (var i = 0; i < f.Length; i++)
        {
            _lows[i] = new BiquadCascade(LinkwitzRileyDesign.LowPass(sampleRateHz, f[i]));
            _highs[i] = new BiquadCascade(LinkwitzRileyDesign.HighPass(sampleRateHz, f[i]));
        }
        for (var b = 0; b < BandCount; b++)
        {
            var later = f.Skip(b + 1).Select(x => BiquadDesign.LinkwitzRileyAllPass(sampleRateHz, x)).ToArray();
            _compensation[b] = new BiquadCascade(later);
        }
    }

    public int BandCount { get; }

    /// <summary>The all-pass the bands sum to, for signals that must stay phase-aligned with them.</summary>
    public static BiquadCoefficients[] AllPassChain(IReadOnlyList<double> crossoversHz, double sampleRateHz)
        => crossoversHz.Select(x => BiquadDesign.LinkwitzRileyAllPass(sampleRateHz, x)).ToArray();

    /// <summary>
    /// Splits <paramref name="input"/> into <paramref name="bands"/>[0..BandCount) (each at least as long).
    /// The last band's buffer is used as the running remainder.
    /// </summary>
    public void Split(ReadOnlySpan<double> input, double[][] bands)
    {
        var n = input.Length;
        if (_lows.Length == 0)
        {
            input.CopyTo(bands[0]);
            return;
        }
        var remainder = bands[BandCount - 1].AsSpan(0, n);
        input.CopyTo(remainder);
        for (var i = 0; i < _lows.Length; i++)
        {
            var band = bands[i].AsSpan(0, n);
            _lows[i].Process(remainder, band);
            _highs[i].Process(remainder);
            _compensation[i].Process(band);
        }
    }

    public void Reset()
    {
        foreach (var c in _lows) c.Reset();
        foreach (var c in _highs) c.Reset();
        foreach (var c in _compensation) c.Reset();
    }
}
