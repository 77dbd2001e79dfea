namespace MasteringPortal.Web.Features.Charts;

/// <summary>
/// One line of a chart: x and y of equal length; a null y breaks the line (silence, a band above Nyquist).
/// <paramref name="Dash"/> is an SVG dash pattern ("6 3") that tells lines apart once the colours run out.
/// </summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> X, IReadOnlyList<double?> Y, string? Dash = null);

/// <summary>A labelled tick on an axis.</summary>
public readonly record struct ChartTick(double Value, string Label);

/// <summary>Axis maths for <see cref="LineChart"/>: linear or logarithmic mapping into the plot area.</summary>
public sealed record ChartAxis(double Min, double Max, bool Logarithmic = false)
{
    /// <summary>0 at Min, 1 at Max; values outside are clamped so a stray point stays inside the frame.</summary>
    public double Fraction(double value)
    {
        double f;
        if (Logarithmic)
        {
            if (value <= 0 || Min <= 0) return 0;
            f = Math.Log(value / Min) / Math.Log(Max / Min);
        }
        else
        {
            f = (value - Min) / (Max - Min);
        }
        return double.IsFinite(f) ? Math.Clamp(f, 0, 1) : 0;
    }

    /// <summary>Frequency ticks of a spectrum: 31.5 Hz to 16 kHz in octaves that fit, labelled "1k".</summary>
    public static IReadOnlyList<ChartTick> FrequencyTicks(double min, double max) =>
        new[] { 31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000 }
            .Where(f => f >= min && f <= max)
            .Select(f => new ChartTick(f, f >= 1000 ? $"{f / 1000:0.#}k" : $"{f:0.#}"))
            .ToList();

    /// <summary>Ticks at every multiple of <paramref name="step"/> between min and max (e.g. every 6 dB, or every 30 s).</summary>
    public static IReadOnlyList<ChartTick> EvenTicks(double min, double max, double step, Func<double, string> label)
    {
        var ticks = new List<ChartTick>();
        if (step <= 0 || max <= min) return ticks;
        for (var v = Math.Ceiling(min / step) * step; v <= max + 1e-9; v += step) ticks.Add(new ChartTick(v, label(v)));
        return ticks;
    }
}
