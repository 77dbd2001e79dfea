using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Web.Features.Charts;

/// <summary>Chart lines from stored analyses: the long-term 1/3-octave spectrum and the short-term loudness curve.</summary>
public static class AnalysisSeries
{
    /// <summary>Colours told apart by people with the common colour-vision deficiencies (Okabe-Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

    public static readonly ChartAxis SpectrumX = new(20, 20000, Logarithmic: true);

    /// <summary>Points a curve is reduced to: about one per pixel of the chart.</summary>
    public const int CurvePoints = 600;

    public static ChartSeries Spectrum(string name, string color, IntakeAnalysis analysis, bool side = false)
    {
        var s = analysis.Spectrum;
        return new ChartSeries(name, color, s.CentresHz, (side ? s.SideDb : s.MidDb) ?? new double?[s.CentresHz.Length]);
    }

    /// <summary>
    /// Short-term loudness (3 s) against time, reduced to <see cref="CurvePoints"/> by keeping the loudest value of
    /// each stretch: the peaks of a curve are what an engineer reads off it, and an hour at 10 Hz is 36,000 points.
    /// </summary>
    public static ChartSeries ShortTermLoudness(string name, string color, IntakeAnalysis analysis)
    {
        var curve = analysis.LoudnessCurves;
        var values = curve.ShortTermLufs;
        var buckets = Math.Min(CurvePoints, values.Length);
        var x = new double[buckets];
        var y = new double?[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var from = (int)((long)b * values.Length / buckets);
            var to = (int)((long)(b + 1) * values.Length / buckets);
            double? loudest = null;
            for (var i = from; i < to; i++)
                if (values[i] is { } v && (loudest is null || v > loudest)) loudest = v;
            x[b] = from * curve.IntervalSeconds;
            y[b] = loudest;
        }
        return new ChartSeries(name, color, x, y);
    }

    /// <summary>A level axis from the series' values, rounded out to whole steps and at least <paramref name="minSpan"/> dB tall.</summary>
    public static ChartAxis LevelAxis(IEnumerable<ChartSeries> series, double step, double minSpan, double floor)
    {
        var values = series.SelectMany(s => s.Y).OfType<double>().Where(v => double.IsFinite(v) && v >= floor).ToList();
        if (values.Count == 0) return new ChartAxis(floor, floor + minSpan);
        var max = Math.Ceiling(values.Max() / step) * step;
        var min = Math.Floor(values.Min() / step) * step;
        if (max - min < minSpan) min = max - minSpan;
        return new ChartAxis(Math.Max(min, floor), max);
    }
}
