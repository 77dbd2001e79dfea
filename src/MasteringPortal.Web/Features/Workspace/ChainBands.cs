namespace MasteringPortal.Web.Features.Workspace;

/// <summary>
/// Band lists of the multiband compressor and the imager: N rising crossovers make N + 1 bands. The settings
/// records hold immutable lists, so every edit here returns a new array.
/// </summary>
public static class ChainBands
{
    /// <summary>The list with item <paramref name="index"/> replaced.</summary>
    public static T[] With<T>(IReadOnlyList<T> items, int index, T value)
    {
        var copy = items.ToArray();
        copy[index] = value;
        return copy;
    }

    public static T[] Without<T>(IReadOnlyList<T> items, int index) => items.Where((_, i) => i != index).ToArray();

    /// <summary>
    /// Crossovers for <paramref name="bandCount"/> bands: existing ones are kept from the bottom up; a new top band
    /// is split off above the highest crossover (two octaves up, kept well below Nyquist).
    /// </summary>
    public static double[] Crossovers(IReadOnlyList<double> crossovers, int bandCount, int rateHz)
    {
        var list = crossovers.Take(Math.Max(0, bandCount - 1)).ToList();
        while (list.Count < bandCount - 1)
        {
            var nyquist = rateHz / 2.0;
            var next = list.Count == 0 ? 200 : Math.Min(list[^1] * 4, nyquist * 0.8);
            if (list.Count > 0 && next <= list[^1]) next = (list[^1] + nyquist) / 2;
            list.Add(Math.Round(next / 10) * 10);
        }
        return list.ToArray();
    }

    /// <summary>Per-band values for <paramref name="bandCount"/> bands: kept from the bottom up, new bands start as <paramref name="fill"/>.</summary>
    public static T[] Resize<T>(IReadOnlyList<T> items, int bandCount, Func<int, T> fill)
    {
        var list = items.Take(bandCount).ToList();
        while (list.Count < bandCount) list.Add(fill(list.Count));
        return list.ToArray();
    }

    /// <summary>"below 120 Hz", "120 Hz – 2.5 kHz", "above 2.5 kHz"; the whole range for a single band.</summary>
    public static string Span(IReadOnlyList<double> crossovers, int band)
    {
        if (crossovers.Count == 0) return "full range";
        if (band == 0) return $"below {ChainRange.Frequency(crossovers[0])}";
        if (band >= crossovers.Count) return $"above {ChainRange.Frequency(crossovers[^1])}";
        return $"{ChainRange.Frequency(crossovers[band - 1])} – {ChainRange.Frequency(crossovers[band])}";
    }

    /// <summary>Low / low-mid / mid / high-mid / high, by the number of bands.</summary>
    public static string Name(int band, int bandCount) => (bandCount, band) switch
    {
        (1, _) => "Full band",
        (_, 0) => "Low",
        var (n, b) when b == n - 1 => "High",
        (3, _) => "Mid",
        (4, 1) => "Low-mid",
        (4, _) => "High-mid",
        _ => $"Band {band + 1}",
    };
}
