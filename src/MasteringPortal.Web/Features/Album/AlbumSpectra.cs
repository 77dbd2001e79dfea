using System.Globalization;
using MasteringPortal.Web.Features.Charts;
using MasteringPortal.Web.Features.Review;

namespace MasteringPortal.Web.Features.Album;

/// <summary>One track's part in the spectra overlay: its title, its master's long-term spectrum and loudness (null: not analysed yet).</summary>
public sealed record AlbumSpectrumInput(string Title, ReviewSpectrum? Spectrum, double? IntegratedLufs);

/// <summary>
/// The cohesion view's spectra overlay (docs/ALBUM.md, "How the album view draws"): every track's long-term 1/3-octave
/// spectrum (mid) as a difference from the anchor's, the two set to the same loudness first. The anchor is the 0 dB line;
/// a curve above it means that track has more in that range than the anchor at the same loudness. Raw spectra overlaid
/// would mostly show which track is louder (the cohesion table says that already); the difference at equal loudness is
/// the tonal balance, which is what an engineer matches across an album. The same differences summed over four ranges
/// become one sentence per track, the chart's text alternative.
/// </summary>
public sealed record AlbumSpectra(IReadOnlyList<ChartSeries> Series, ChartAxis Y, IReadOnlyList<ChartTick> YTicks, IReadOnlyList<string> Sentences)
{
    /// <summary>The anchor's line: dark grey, drawn as the 0 dB reference.</summary>
    public const string AnchorColor = "#424242";

    /// <summary>
    /// Line colours for the other tracks: each at least 4.5:1 against the chart's background (#fafafa), so they pass WCAG AA
    /// for graphics (3:1) with room to spare, and apart in hue for the common colour-vision deficiencies (blue, orange, green,
    /// magenta, purple, ochre, red). After these, the colours repeat dashed.
    /// </summary>
    public static readonly string[] Palette = ["#0072B2", "#B35900", "#007A5A", "#A6407F", "#5E4FA2", "#8C6D00", "#C62828"];

    static readonly string?[] Dashes = [null, "6 3", "2 3", "8 3 2 3"];

    /// <summary>The ranges the sentences speak of, by the bands' nominal centres.</summary>
    public static readonly IReadOnlyList<(string Name, double FromHz, double BelowHz)> Ranges =
    [
        ("below 100 Hz", 0, 90), ("from 100 to 500 Hz", 90, 450), ("from 500 Hz to 4 kHz", 450, 3600), ("above 4 kHz", 3600, double.MaxValue),
    ];

    /// <summary>Bands more than this far under a spectrum's strongest band are left out: a low-pass or an empty octave, not tone.</summary>
    public const double FloorBelowPeakDb = 60;

    /// <summary>Differences smaller than this are not mentioned in the sentences.</summary>
    public const double MentionDb = 0.5;

    public static readonly ChartAxis X = AnalysisSeries.SpectrumX;

    /// <summary>The frequency axis' labels, 20 Hz to 20 kHz in the 1-2-5 steps engineers read a log axis by.</summary>
    public static readonly IReadOnlyList<ChartTick> XTicks =
        new[] { 20.0, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000 }.Select(f => new ChartTick(f, f >= 1000 ? $"{f / 1000:0}k" : $"{f:0}")).ToList();

    /// <summary>The overlay for <paramref name="tracks"/> in running order against the one at <paramref name="anchorIndex"/>; null when the anchor has no spectrum.</summary>
    public static AlbumSpectra? Build(IReadOnlyList<AlbumSpectrumInput> tracks, int anchorIndex)
    {
        if (anchorIndex < 0 || anchorIndex >= tracks.Count || Usable(tracks[anchorIndex].Spectrum) is not { } anchorBands) return null;
        var anchor = tracks[anchorIndex];
        var series = new List<ChartSeries>();
        var sentences = new List<string>();
        var largest = 0.0;
        var colour = 0;
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            var name = $"{i + 1}. {track.Title}";
            if (i == anchorIndex)
            {
                series.Add(new ChartSeries(name + " (anchor)", AnchorColor, anchor.Spectrum!.Hz, anchorBands.Select(b => b is null ? (double?)null : 0).ToList()));
                continue;
            }
            if (Usable(track.Spectrum) is not { } bands)
            {
                sentences.Add($"{track.Title}: not drawn, its master has no analysis yet.");
                continue;
            }
            var offset = Offset(track, bands, anchor, anchorBands);
            var hz = track.Spectrum!.Hz;
            var difference = new double?[hz.Length];
            for (var b = 0; b < hz.Length; b++)
            {
                var a = AnchorBand(anchor.Spectrum!.Hz, anchorBands, hz[b]);
                if (bands[b] is { } t && a is { } av) difference[b] = Math.Round(t - offset - av, 2);
            }
            largest = Math.Max(largest, difference.OfType<double>().Select(Math.Abs).DefaultIfEmpty().Max());
            series.Add(new ChartSeries(name, Palette[colour % Palette.Length], hz, difference, Dashes[colour / Palette.Length % Dashes.Length]));
            colour++;
            sentences.Add(Sentence(track.Title, hz, bands, offset, anchor.Spectrum!.Hz, anchorBands));
        }
        var span = Math.Clamp(Math.Ceiling(largest / 3) * 3, 6, 18);
        var y = new ChartAxis(-span, span);
        var ticks = ChartAxis.EvenTicks(-span, span, span <= 12 ? 3 : 6, Signed);
        return new AlbumSpectra(series, y, ticks, sentences);
    }

    /// <summary>The bands worth drawing: null where the band is empty or more than <see cref="FloorBelowPeakDb"/> under the strongest.</summary>
    static double?[]? Usable(ReviewSpectrum? spectrum)
    {
        if (spectrum is null || spectrum.Hz.Length == 0 || spectrum.Db.Length != spectrum.Hz.Length) return null;
        var peak = spectrum.Db.OfType<double>().Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        if (!double.IsFinite(peak)) return null;
        return spectrum.Db.Select(d => d is { } v && double.IsFinite(v) && v >= peak - FloorBelowPeakDb ? v : (double?)null).ToArray();
    }

    static double? AnchorBand(double[] anchorHz, double?[] anchorBands, double hz)
    {
        var k = Array.IndexOf(anchorHz, hz);
        return k < 0 ? null : anchorBands[k];
    }

    /// <summary>
    /// How much to take off the track's bands to set it to the anchor's loudness: the difference in integrated loudness when
    /// both have one, else in total power over the bands both hold.
    /// </summary>
    static double Offset(AlbumSpectrumInput track, double?[] bands, AlbumSpectrumInput anchor, double?[] anchorBands)
    {
        if (track.IntegratedLufs is { } t && anchor.IntegratedLufs is { } a && double.IsFinite(t) && double.IsFinite(a)) return t - a;
        var (own, theirs) = PowerSums(track.Spectrum!.Hz, bands, 0, anchor.Spectrum!.Hz, anchorBands, _ => true);
        return own is { } o && theirs is { } th ? o - th : 0;
    }

    static string Sentence(string title, double[] hz, double?[] bands, double offset, double[] anchorHz, double?[] anchorBands)
    {
        var parts = new List<string>();
        foreach (var (range, from, below) in Ranges)
        {
            var (own, theirs) = PowerSums(hz, bands, offset, anchorHz, anchorBands, f => f >= from && f < below);
            if (own is not { } o || theirs is not { } a) continue;
            var d = Math.Round(o - a, 1);
            if (Math.Abs(d) < MentionDb) continue;
            parts.Add($"{Math.Abs(d).ToString("0.0", CultureInfo.InvariantCulture)} dB {(d > 0 ? "more" : "less")} {range}");
        }
        return parts.Count == 0
            ? $"{title}: within {MentionDb.ToString("0.0", CultureInfo.InvariantCulture)} dB of the anchor in every range."
            : $"{title}: {string.Join(", ", parts)} than the anchor.";
    }

    /// <summary>The power sums (dB) of the track's bands (less <paramref name="offset"/>) and the anchor's, over the bands in range both hold.</summary>
    static (double? Own, double? Anchor) PowerSums(double[] hz, double?[] bands, double offset, double[] anchorHz, double?[] anchorBands, Func<double, bool> inRange)
    {
        double own = 0, anchor = 0;
        var any = false;
        for (var b = 0; b < hz.Length; b++)
        {
            if (!inRange(hz[b]) || bands[b] is not { } t || AnchorBand(anchorHz, anchorBands, hz[b]) is not { } a) continue;
            own += Math.Pow(10, (t - offset) / 10);
            anchor += Math.Pow(10, a / 10);
            any = true;
        }
        return any ? (10 * Math.Log10(own), 10 * Math.Log10(anchor)) : (null, null);
    }

    static string Signed(double v) => v switch
    {
        > 0 => "+" + v.ToString("0", CultureInfo.InvariantCulture),
        < 0 => "−" + (-v).ToString("0", CultureInfo.InvariantCulture),
        _ => "0 dB",
    };
}
