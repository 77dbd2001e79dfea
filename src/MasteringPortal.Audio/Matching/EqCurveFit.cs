using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Filters;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// Turns a wanted 1/3-octave gain curve into ordinary EQ bands: a bell on every 1/3-octave centre from 20 Hz to
/// 8 kHz (fewer at low rates) and a high shelf at the next 1/3-octave centre for the top, whose gains are SOLVED
/// so that the cascade's power gain, averaged over each 1/3-octave band, meets the curve.
/// <para>
/// Why this basis: a match is judged per 1/3-octave band, so the EQ has to be able to move each band on its own
/// (a resonance, a hole, the difference between two songs' bass notes). Bells of Q 1.5 (about 0.9 octave wide) on
/// every centre overlap enough that their sum has little ripple of its own (the dense sweep of a limited curve stays
/// within 0.5 dB of the limit) and still let neighbouring bands differ. Measured on the matching test set
/// (docs/REFERENCE-MATCHING.md), everything else equal: the earlier basis, bells every 2/3 octave with Q 0.9, ended
/// 0.2-0.4 dB further from the reference on five of six pairs, for half the biquads (15 instead of 28 per signal at
/// 44.1 kHz). Near Nyquist
/// the bilinear transform squeezes bells, so the top octave and a half is one shelf.
/// </para>
/// <para>
/// Method: Gauss-Newton on the band averages (5 log-spaced points per band, the digital biquad responses at
/// the mix's rate) with a small Tikhonov term that keeps bands without a target near 0 dB; then bands that
/// overshoot a limit are aimed lower by the excess and the fit repeated.
/// </para>
/// </summary>
public static class EqCurveFit
{
    public const double BellQ = 1.5;

    /// <summary>A bell on every 1/3-octave centre.</summary>
    public const int BellSpacingBands = 1;

    /// <summary>Cookbook shelf Q with no overshoot.</summary>
    public const double ShelfQ = 0.7071;

    /// <summary>Highest 1/3-octave band index that gets a bell (8 kHz); bells also stay below 0.3 × the rate.</summary>
    private const int TopBellBand = 26;

    private const int PointsPerBand = 5;
    private const int Iterations = 10;
    private const double Regularisation = 0.001;
    private const double UntargetedWeight = 0.05;
    private const double NegligibleGainDb = 0.02;

    /// <summary>The bands and what they achieve per 1/3-octave band (dB, null above the rate's range).</summary>
    public sealed record Fit(IReadOnlyList<EqBand> Bands, double?[] AchievedDb);

    /// <param name="targetDb">Wanted gain per 1/3-octave band (<see cref="ThirdOctaveBands"/>); null = no wish, kept near 0 dB.</param>
    /// <param name="sampleRateHz">Rate the EQ runs at.</param>
    /// <param name="minDb">Lowest gain any band may reach (0 or negative).</param>
    /// <param name="maxDb">Highest gain any band may reach.</param>
    public static Fit Solve(IReadOnlyList<double?> targetDb, double sampleRateHz, double minDb = -24, double maxDb = 24)
        => Solve(targetDb, sampleRateHz, minDb, maxDb, BellQ, BellSpacingBands);

    internal static Fit Solve(IReadOnlyList<double?> targetDb, double sampleRateHz, double minDb, double maxDb, double bellQ, int spacingBands, double regularisation = Regularisation, int topBellBand = TopBellBand)
    {
        var bandCount = ThirdOctaveBands.Count;
        if (targetDb.Count != bandCount) throw new ArgumentException($"A curve has {bandCount} bands.", nameof(targetDb));
        var basis = Basis(sampleRateHz, bellQ, spacingBands, topBellBand);
        var bands = Enumerable.Range(0, bandCount).Where(b => ThirdOctaveBands.LowerEdgeHz(b) < TopHz(sampleRateHz)).ToArray();
        var points = bands.SelectMany(b => BandPoints(b, sampleRateHz)).ToArray();

        var target = new double[bands.Length];
        var weight = new double[bands.Length];
        for (var i = 0; i < bands.Length; i++)
        {
            var t = targetDb[bands[i]];
            target[i] = t is { } v ? Math.Clamp(v, minDb, maxDb) : 0;
            weight[i] = t is null ? UntargetedWeight : 1;
        }

        var gains = basis.Select(e => Nearest(target, bands, e.FrequencyHz)).ToArray();
        var goal = (double[])target.Clone();
        var achieved = GaussNewton(gains, goal, weight, basis, points, sampleRateHz, regularisation);
        for (var round = 0; round < 3; round++)
        {
            var over = false;
            for (var i = 0; i < goal.Length; i++)
            {
                var excess = achieved[i] > maxDb ? achieved[i] - maxDb : achieved[i] < minDb ? achieved[i] - minDb : 0;
                if (Math.Abs(excess) <= 0.01) continue;
                goal[i] -= excess;
                over = true;
            }
            if (!over) break;
            achieved = GaussNewton(gains, goal, weight, basis, points, sampleRateHz, regularisation);
        }

        var eqBands = new List<EqBand>();
        for (var k = 0; k < basis.Length; k++)
        {
            var g = Math.Round(gains[k], 3);
            if (Math.Abs(g) >= NegligibleGainDb) eqBands.Add(basis[k] with { GainDb = g });
        }
        return new Fit(eqBands, BandGainsDb(eqBands, sampleRateHz));
    }

    /// <summary>Power gain of a band list averaged over each 1/3-octave band, dB (null above 0.49 × the rate).</summary>
    public static double?[] BandGainsDb(IReadOnlyList<EqBand> bands, double sampleRateHz)
    {
        var result = new double?[ThirdOctaveBands.Count];
        var sections = EqDesign.Sections(bands, sampleRateHz);
        for (var b = 0; b < result.Length; b++)
        {
            if (ThirdOctaveBands.LowerEdgeHz(b) >= TopHz(sampleRateHz)) continue;
            double sum = 0;
            foreach (var f in BandPoints(b, sampleRateHz)) sum += Math.Pow(10, BiquadResponse.MagnitudeDb(sections, f, sampleRateHz) / 10);
            result[b] = 10 * Math.Log10(sum / PointsPerBand);
        }
        return result;
    }

    /// <summary>The bands whose gains are solved: bells on every other 1/3-octave centre, a high shelf above them.</summary>
    internal static EqBand[] Basis(double sampleRateHz, double bellQ = BellQ, int spacingBands = BellSpacingBands, int topBellBand = TopBellBand)
    {
        var basis = new List<EqBand>();
        var last = -1;
        for (var b = 0; b <= topBellBand; b += spacingBands)
        {
            var f = ThirdOctaveBands.ExactCentreHz(b);
            if (f > 0.3 * sampleRateHz) break;
            basis.Add(new EqBand { Shape = EqBandShape.Bell, FrequencyHz = Math.Round(f, 2), Q = bellQ });
            last = b;
        }
        var shelfHz = ThirdOctaveBands.ExactCentreHz(last + 1);
        if (shelfHz < 0.45 * sampleRateHz)
            basis.Add(new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = Math.Round(shelfHz, 2), Q = ShelfQ });
        return basis.ToArray();
    }

    private static double TopHz(double sampleRateHz) => 0.49 * sampleRateHz;

    private static IEnumerable<double> BandPoints(int band, double sampleRateHz)
    {
        var lo = ThirdOctaveBands.LowerEdgeHz(band);
        var hi = Math.Min(ThirdOctaveBands.UpperEdgeHz(band), TopHz(sampleRateHz));
        for (var p = 0; p < PointsPerBand; p++) yield return lo * Math.Pow(hi / lo, (p + 0.5) / PointsPerBand);
    }

    private static double[] GaussNewton(double[] gains, double[] goal, double[] weight, EqBand[] basis, double[] points, double rate, double regularisation)
    {
        var n = gains.Length;
        var bandCount = goal.Length;
        var response = new double[n, points.Length];   // dB of each element at each point
        var slope = new double[n, points.Length];      // d dB / d gain
        var achieved = new double[bandCount];
        var jacobian = new double[bandCount, n];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var k = 0; k < n; k++)
            {
                var at = EqDesign.Sections(basis[k] with { GainDb = gains[k] }, rate);
                var up = EqDesign.Sections(basis[k] with { GainDb = gains[k] + 0.05 }, rate);
                var down = EqDesign.Sections(basis[k] with { GainDb = gains[k] - 0.05 }, rate);
                for (var p = 0; p < points.Length; p++)
                {
                    response[k, p] = BiquadResponse.MagnitudeDb(at, points[p], rate);
                    slope[k, p] = (BiquadResponse.MagnitudeDb(up, points[p], rate) - BiquadResponse.MagnitudeDb(down, points[p], rate)) / 0.1;
                }
            }
            Evaluate(response, slope, achieved, jacobian);

            // (JᵀWJ + λI) Δ = JᵀW (goal − achieved) − λ g   (the λ term pulls gains towards 0 dB)
            var normal = new double[n, n];
            var rhs = new double[n];
            for (var k = 0; k < n; k++)
            {
                for (var j = 0; j < n; j++)
                {
                    double s = 0;
                    for (var b = 0; b < bandCount; b++) s += weight[b] * jacobian[b, k] * jacobian[b, j];
                    normal[k, j] = s;
                }
                normal[k, k] += regularisation;
                double r = 0;
                for (var b = 0; b < bandCount; b++) r += weight[b] * jacobian[b, k] * (goal[b] - achieved[b]);
                rhs[k] = r - regularisation * gains[k];
            }
            var step = SolveSymmetric(normal, rhs);
            var largest = 0.0;
            for (var k = 0; k < n; k++)
            {
                gains[k] = Math.Clamp(gains[k] + step[k], -24, 24);
                largest = Math.Max(largest, Math.Abs(step[k]));
            }
            if (largest < 1e-4) break;
        }
        var sections = basis.Select((e, k) => e with { GainDb = gains[k] }).ToArray();
        var all = EqDesign.Sections(sections, rate);
        var result = new double[bandCount];
        for (var b = 0; b < bandCount; b++)
        {
            double sum = 0;
            for (var p = 0; p < PointsPerBand; p++) sum += Math.Pow(10, BiquadResponse.MagnitudeDb(all, points[b * PointsPerBand + p], rate) / 10);
            result[b] = 10 * Math.Log10(sum / PointsPerBand);
        }
        return result;
    }

    /// <summary>Band averages of the summed responses and their derivatives with respect to each element's gain.</summary>
    private static void Evaluate(double[,] response, double[,] slope, double[] achieved, double[,] jacobian)
    {
        var n = response.GetLength(0);
        var power = new double[PointsPerBand];
        for (var b = 0; b < achieved.Length; b++)
        {
            double sum = 0;
            for (var p = 0; p < PointsPerBand; p++)
            {
                double db = 0;
                for (var k = 0; k < n; k++) db += response[k, b * PointsPerBand + p];
                power[p] = Math.Pow(10, db / 10);
                sum += power[p];
            }
            achieved[b] = 10 * Math.Log10(sum / PointsPerBand);
            for (var k = 0; k < n; k++)
            {
                double d = 0;
                for (var p = 0; p < PointsPerBand; p++) d += power[p] / sum * slope[k, b * PointsPerBand + p];
                jacobian[b, k] = d;
            }
        }
    }

    private static double Nearest(double[] target, int[] bands, double frequencyHz)
    {
        var best = 0;
        for (var i = 1; i < bands.Length; i++)
            if (Math.Abs(Math.Log(ThirdOctaveBands.ExactCentreHz(bands[i]) / frequencyHz)) < Math.Abs(Math.Log(ThirdOctaveBands.ExactCentreHz(bands[best]) / frequencyHz)))
                best = i;
        return target[best];
    }

    /// <summary>Cholesky solve of a symmetric positive-definite system (the normal equations are, thanks to λ).</summary>
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j, j];
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }
}
