using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

public class LoudnessHistogramTests
{
    private static double[] RandomBlockLoudnessLufs(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => -60 + 55 * rng.NextDouble()).ToArray();
    }

    [Fact]
    public void Gated_mean_matches_an_exact_computation_over_all_blocks()
    {
        // BS.1770-4 eqs. 5-7 done exactly on the full list of blocks versus the fixed-size histogram.
        var blocks = RandomBlockLoudnessLufs(20000, 11);
        var histogram = new LoudnessHistogram();
        foreach (var l in blocks) histogram.Add(LoudnessMath.EnergyFromLufs(l));

        var energies = blocks.Select(LoudnessMath.EnergyFromLufs).ToArray();
        var threshold = energies.Average() * Math.Pow(10, -10 / 10.0);
        var exact = LoudnessMath.LufsFromEnergy(energies.Where(e => e > threshold).Average());

        var fromHistogram = LoudnessMath.LufsFromEnergy(histogram.RelativeGatedMeanEnergy(-10)!.Value);
        Assert.Equal(exact, fromHistogram, 0.01);
    }

    [Fact]
    public void Percentiles_match_nearest_rank_on_the_sorted_blocks()
    {
        var blocks = RandomBlockLoudnessLufs(5000, 5);
        var histogram = new LoudnessHistogram();
        foreach (var l in blocks) histogram.Add(LoudnessMath.EnergyFromLufs(l));

        var energies = blocks.Select(LoudnessMath.EnergyFromLufs).ToArray();
        var threshold = energies.Average() * Math.Pow(10, -20 / 10.0);
        var kept = blocks.Where(l => LoudnessMath.EnergyFromLufs(l) > threshold).OrderBy(l => l).ToArray();
        var low = kept[(int)Math.Round((kept.Length - 1) * 0.10)];
        var high = kept[(int)Math.Round((kept.Length - 1) * 0.95)];

        var p = histogram.RelativeGatedPercentiles(-20, 0.10, 0.95)!;
        Assert.Equal(low, p[0], 0.01);
        Assert.Equal(high, p[1], 0.01);
    }

    [Fact]
    public void Blocks_at_or_below_the_absolute_gate_are_not_counted()
    {
        var histogram = new LoudnessHistogram();
        histogram.Add(LoudnessMath.EnergyFromLufs(-70.0));
        histogram.Add(LoudnessMath.EnergyFromLufs(-80.0));
        histogram.Add(0);
        Assert.Equal(0, histogram.Count);
        Assert.Null(histogram.RelativeGatedMeanEnergy(-10));
    }
}
