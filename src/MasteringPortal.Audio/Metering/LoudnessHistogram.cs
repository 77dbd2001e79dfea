namespace MasteringPortal.Audio.Metering;

/// <summary>
/// Gating blocks collected in a fixed-size histogram so memory stays flat (about 180 kB) whatever
/// the programme length, as professional meters do. Bins are 0.01 LU wide from the −70 LUFS absolute
/// gate up to +40 LUFS, and each bin keeps the exact sum of its blocks' mean-square energies, not
/// just a count. So every gated mean is exact except for one decision: the blocks in the single bin
/// that straddles a relative gate are kept or dropped together (by the bin's mean energy), which
/// misplaces only blocks lying within 0.01 LU of the threshold. Percentiles (LRA) are resolved to the
/// mean loudness of the bin that holds the rank, i.e. to better than 0.01 LU.
/// </summary>
internal sealed class LoudnessHistogram
{
    public const double AbsoluteGateLufs = -70.0; // BS.1770-4 Annex 1, eq. 5; EBU Tech 3342 §2.3
    private const double TopLufs = 40.0;
    private const double BinsPerLu = 100.0;
    private static readonly int BinCount = (int)((TopLufs - AbsoluteGateLufs) * BinsPerLu);
    private static readonly double AbsoluteGateEnergy = LoudnessMath.EnergyFromLufs(AbsoluteGateLufs);

    private readonly long[] _counts = new long[BinCount];
    private readonly double[] _energies = new double[BinCount];
    private long _total;
    private double _totalEnergy;

    /// <summary>Blocks that passed the absolute gate.</summary>
    public long Count => _total;

    public void Clear()
    {
        Array.Clear(_counts);
        Array.Clear(_energies);
        _total = 0;
        _totalEnergy = 0;
    }

    /// <summary>Adds one block by its weighted mean-square energy; blocks at or below −70 LUFS are gated out.</summary>
    public void Add(double energy)
    {
        if (!(energy > AbsoluteGateEnergy)) return; // also drops NaN
        var bin = (int)((LoudnessMath.LufsFromEnergy(energy) - AbsoluteGateLufs) * BinsPerLu);
        bin = Math.Clamp(bin, 0, BinCount - 1);
        _counts[bin]++;
        _energies[bin] += energy;
        _total++;
        _totalEnergy += energy;
    }

    /// <summary>
    /// Mean energy of the blocks above the relative gate, which sits <paramref name="relativeGateLu"/>
    /// below the mean of all absolute-gated blocks; null when no block passed the absolute gate.
    /// </summary>
    public double? RelativeGatedMeanEnergy(double relativeGateLu)
    {
        if (_total == 0) return null;
        var threshold = _totalEnergy / _total * Math.Pow(10, relativeGateLu / 10);
        var first = FirstBinAbove(threshold);
        long n = 0;
        double e = 0;
        for (var i = first; i < BinCount; i++) { n += _counts[i]; e += _energies[i]; }
        return n == 0 ? null : e / n;
    }

    /// <summary>
    /// The loudness (LUFS) at each of <paramref name="fractions"/> (0..1) of the blocks above the relative
    /// gate, nearest-rank; null when no block passes the gates.
    /// </summary>
    public double[]? RelativeGatedPercentiles(double relativeGateLu, params double[] fractions)
    {
        if (_total == 0) return null;
        var threshold = _totalEnergy / _total * Math.Pow(10, relativeGateLu / 10);
        var first = FirstBinAbove(threshold);
        long n = 0;
        for (var i = first; i < BinCount; i++) n += _counts[i];
        if (n == 0) return null;
        var result = new double[fractions.Length];
        for (var f = 0; f < fractions.Length; f++)
        {
            var rank = (long)Math.Round((n - 1) * fractions[f]); // 0-based nearest rank
            long seen = 0;
            for (var i = first; i < BinCount; i++)
            {
                seen += _counts[i];
                if (seen > rank)
                {
                    result[f] = LoudnessMath.LufsFromEnergy(_energies[i] / _counts[i]);
                    break;
                }
            }
        }
        return result;
    }

    // First bin whose blocks are kept: bins wholly above the threshold are, and the straddling bin
    // is kept when its mean block energy is above it (BS.1770-4 eq. 6 keeps l_j > Γ_r).
    private int FirstBinAbove(double thresholdEnergy)
    {
        var bin = (int)((LoudnessMath.LufsFromEnergy(thresholdEnergy) - AbsoluteGateLufs) * BinsPerLu);
        if (bin < 0) return 0;
        if (bin >= BinCount) return BinCount;
        return _counts[bin] > 0 && _energies[bin] / _counts[bin] > thresholdEnergy ? bin : bin + 1;
    }
}
