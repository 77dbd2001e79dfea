using System.Globalization;
using MasteringPortal.Web.Features.Projects;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Where two sources differ, from their stored analyses: the short-term loudness of B minus A over time (LU, on A's
/// time points), the long-term spectrum of B minus A per 1/3-octave band (dB), and what that means in plain words.
/// </summary>
/// <param name="LoudnessLu">B − A at each of <paramref name="Seconds"/>; null where either is silent (gated) or B has ended.</param>
/// <param name="BandDb">B − A per band of <paramref name="Hz"/>; null where either has no reading.</param>
public sealed record SourceDifference(string A, string B, double[] Seconds, double?[] LoudnessLu, double[] Hz, double?[] BandDb,
    IReadOnlyList<string> Sentences);

public static class SourceDifferences
{
    /// <summary>Differences smaller than this are "the same" in the sentences (about the smallest level step a listener hears).</summary>
    public const double Audible = 1.0;

    const double LowEndHz = 250, TopEndHz = 4000;

    /// <summary>Compares B with A (B − A). Pure: the figures in, the curves and the sentences out.</summary>
    public static SourceDifference Compare(string a, ReviewFigures figuresA, string b, ReviewFigures figuresB)
    {
        var seconds = figuresA.Loudness.Seconds;
        var loudness = seconds.Select((t, i) => figuresA.Loudness.Lufs[i] is { } la && At(figuresB.Loudness, t) is { } lb
            ? Math.Round(lb - la, 2) : (double?)null).ToArray();
        var hz = figuresA.Spectrum.Hz;
        var bands = hz.Select((f, i) => figuresA.Spectrum.Db[i] is { } da && BandOf(figuresB.Spectrum, f) is { } db
            ? Math.Round(db - da, 2) : (double?)null).ToArray();

        var sentences = new List<string>();
        if (Overall(a, figuresA, b, figuresB) is { } overall) sentences.Add(overall);
        if (Largest(b, seconds, loudness) is { } where) sentences.Add(where);
        if (Tone(a, b, hz, bands) is { } tone) sentences.Add(tone);
        return new SourceDifference(a, b, seconds, loudness, hz, bands, sentences);
    }

    /// <summary>"Revision 2 is 3.0 LU louder than the mix overall."</summary>
    static string? Overall(string a, ReviewFigures figuresA, string b, ReviewFigures figuresB)
    {
        if (figuresA.IntegratedLufs is not { } la || figuresB.IntegratedLufs is not { } lb) return null;
        var d = lb - la;
        return Math.Abs(d) < 0.5
            ? $"{Start(b)} and {Lower(a)} are equally loud overall (within 0.5 LU)."
            : $"{Start(b)} is {Number(Math.Abs(d))} LU {(d > 0 ? "louder" : "quieter")} than {Lower(a)} overall.";
    }

    /// <summary>
    /// The passage where B stands out most from A: the window (a tenth of the track, at least 5 s) whose mean difference
    /// is furthest from zero, widened while the neighbouring points stay within <see cref="Audible"/> of that mean.
    /// "Revision 2 is 4.1 LU louder from 1:10 to 1:32." Null when no passage differs audibly, or the difference holds
    /// throughout (then the overall sentence says it).
    /// </summary>
    static string? Largest(string b, double[] seconds, double?[] diff)
    {
        if (seconds.Length < 2) return null;
        var step = (seconds[^1] - seconds[0]) / (seconds.Length - 1);
        if (step <= 0) return null;
        var window = Math.Max(1, (int)Math.Round(Math.Max(5, (seconds[^1] - seconds[0] + step) / 10) / step));
        double best = 0;
        var at = -1;
        for (var start = 0; start + window <= seconds.Length; start++)
        {
            var values = diff.Skip(start).Take(window).OfType<double>().ToList();
            if (values.Count < window / 2 + 1) continue;
            var mean = values.Average();
            if (Math.Abs(mean) > Math.Abs(best) + 1e-9) (best, at) = (mean, start);
        }
        if (at < 0 || Math.Abs(best) < Audible) return null;
        bool Near(int i) => diff[i] is { } d && Math.Abs(d - best) <= Audible;
        var first = at;
        var last = at + window - 1;
        while (first > 0 && Near(first - 1)) first--;
        while (last < seconds.Length - 1 && Near(last + 1)) last++;
        // A difference that holds from start to end is the overall one, already said.
        var known = Enumerable.Range(0, seconds.Length).Where(i => diff[i] is not null).ToList();
        if (first <= known[0] && last >= known[^1]) return null;
        var span = diff.Skip(first).Take(last - first + 1).OfType<double>().Average();
        return $"{Start(b)} is {Number(Math.Abs(span))} LU {(span > 0 ? "louder" : "quieter")} from {TimeCode.Format(seconds[first])} " +
               $"to {TimeCode.Format(seconds[last] + step)}.";
    }

    /// <summary>
    /// The tonal balance at equal loudness: each band's difference less the mean difference over all bands, averaged
    /// below 250 Hz (low end) and above 4 kHz (top end). "Compared at equal loudness, Revision 2 has 1.5 dB more low end
    /// (below 250 Hz) and 2.5 dB less top end (above 4 kHz)."
    /// </summary>
    static string? Tone(string a, string b, double[] hz, double?[] bands)
    {
        var known = bands.Select((d, i) => (Hz: hz[i], D: d)).Where(x => x.D is not null).Select(x => (x.Hz, D: x.D!.Value)).ToList();
        if (known.Count == 0) return null;
        var mean = known.Average(x => x.D);
        double? Average(Func<double, bool> where) =>
            known.Where(x => where(x.Hz)).Select(x => x.D - mean).DefaultIfEmpty(double.NaN).Average() is var v && double.IsFinite(v) ? v : null;
        var parts = new List<string>();
        if (Average(f => f < LowEndHz) is { } low && Math.Abs(low) >= Audible)
            parts.Add($"{Number(Math.Abs(low))} dB {(low > 0 ? "more" : "less")} low end (below 250 Hz)");
        if (Average(f => f > TopEndHz) is { } top && Math.Abs(top) >= Audible)
            parts.Add($"{Number(Math.Abs(top))} dB {(top > 0 ? "more" : "less")} top end (above 4 kHz)");
        return parts.Count == 0
            ? $"At equal loudness {Lower(b)} and {Lower(a)} have the same tonal balance (within 1 dB)."
            : $"Compared at equal loudness, {Lower(b)} has {string.Join(" and ", parts)}.";
    }

    /// <summary>B's short-term loudness at time t, linearly between its points; null past its end or where either neighbour is gated.</summary>
    static double? At(ReviewCurve curve, double t)
    {
        var s = curve.Seconds;
        if (s.Length == 0 || t < s[0] - 1e-9 || t > s[^1] + 1e-9) return null;
        var i = Array.BinarySearch(s, t);
        if (i >= 0) return curve.Lufs[i];
        i = ~i;
        if (curve.Lufs[i - 1] is not { } y0 || curve.Lufs[i] is not { } y1) return null;
        return y0 + (y1 - y0) * (t - s[i - 1]) / (s[i] - s[i - 1]);
    }

    static double? BandOf(ReviewSpectrum spectrum, double hz)
    {
        var i = Array.FindIndex(spectrum.Hz, f => Math.Abs(f - hz) < 1e-6 * hz);
        return i < 0 ? null : spectrum.Db[i];
    }

    static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>"Mix" in the middle of a sentence reads "the mix"; revision and reference names stay as they are.</summary>
    static string Lower(string name) => name == "Mix" ? "the mix" : name;

    static string Start(string name) => name == "Mix" ? "The mix" : name;
}
