using System.Globalization;

namespace MasteringPortal.Audio.Album;

/// <summary>The record an album is cut to: its size and speed decide how much music a side holds (docs/ALBUM.md, "Vinyl").</summary>
public enum VinylFormat
{
    /// <summary>12-inch LP at 33⅓ rpm: the album record.</summary>
    Lp12At33,
    /// <summary>12-inch at 45 rpm: an EP, maxi-single or an audiophile album over more sides.</summary>
    Ep12At45,
    /// <summary>10-inch at 33⅓ rpm: a short album or EP.</summary>
    Lp10At33,
    /// <summary>7-inch single at 45 rpm: one song or two a side.</summary>
    Single7At45,
}

/// <summary>
/// How long a side of one format may run. Up to <see cref="FullLevelSeconds"/> a side is cut at full level with full bass;
/// beyond it the grooves must be narrower, so the cut is quieter (about 1 dB a minute on a 12-inch LP) with less bass; past
/// <see cref="MaximumSeconds"/> cutting plants will not cut it. Figures from cutting plants' published guides
/// (docs/ALBUM.md, "Vinyl", cites them); a quiet, dynamic programme may run longer, a loud bass-heavy one less.
/// </summary>
/// <param name="Name">The record in words, as a sentence uses it: "12-inch LP at 33⅓".</param>
public sealed record VinylFormatLimits(VinylFormat Format, string Name, double FullLevelSeconds, double MaximumSeconds)
{
    public static VinylFormatLimits Of(VinylFormat format) => format switch
    {
        VinylFormat.Lp12At33 => new(format, "12-inch LP at 33⅓", 20 * 60, 25 * 60),
        VinylFormat.Ep12At45 => new(format, "12-inch record at 45", 13.5 * 60, 16 * 60),
        VinylFormat.Lp10At33 => new(format, "10-inch record at 33⅓", 13 * 60, 15 * 60),
        VinylFormat.Single7At45 => new(format, "7-inch single at 45", 4.5 * 60, 6 * 60),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}

/// <summary>What a side's length means for the cut.</summary>
public enum VinylSideStatus
{
    /// <summary>Cuts at full level with full bass.</summary>
    Fine,
    /// <summary>Still cuttable, but quieter and with less bass (narrower grooves).</summary>
    Long,
    /// <summary>More than the side can hold: it will not be cut like this.</summary>
    TooLong,
}

/// <summary>
/// One side of the record: its tracks (album track numbers, in order), its running time (the tracks, and the album's pauses
/// and crossfades between them; no pause before its first track) and what that length means, in words for the musician.
/// </summary>
/// <param name="Label">"A", "B", "C", …: sides A and B are the first record, C and D the second.</param>
/// <param name="Record">Which record (1 for sides A and B, 2 for C and D …).</param>
public sealed record VinylSide(string Label, int Record, IReadOnlyList<int> TrackNumbers, double Seconds, VinylSideStatus Status, string Message)
{
    public int FirstTrack => TrackNumbers[0];
    public int LastTrack => TrackNumbers[^1];
}

/// <summary>The album on vinyl: how many records, each side's tracks and length, and a sentence saying whether it fits.</summary>
public sealed record VinylPlan(VinylFormatLimits Limits, int Records, IReadOnlyList<VinylSide> Sides, string Summary)
{
    /// <summary>No side is longer than the format can hold (a long side is cuttable, quieter).</summary>
    public bool Fits => Sides.All(s => s.Status != VinylSideStatus.TooLong);
}

/// <summary>
/// Lays an album's tracks out on the sides of one or more records, keeping the running order. Either the engineer says
/// where side A ends, or the sides are balanced: the longest side is made as short as the order allows (the longest side
/// sets how loud the whole record can be cut), and among the layouts with that longest side the most even one is taken.
/// When one record cannot hold the album (a side would be longer than the format's maximum) the album goes onto two
/// records (sides A to D) if <c>maxRecords</c> allows. Within a side the album's pauses and crossfades between tracks are
/// kept; a side starts with its first track (the lead-in groove is the lathe's, not the programme's).
/// </summary>
public static class VinylSides
{
    /// <summary>Splits the album at the pauses and crossfades the timeline holds.</summary>
    /// <param name="sideABreakAfter">Side A ends after this track (1-based); null: balanced automatically.</param>
    public static VinylPlan Split(AlbumTimeline timeline, VinylFormat format, int? sideABreakAfter = null, int maxRecords = 2)
    {
        var (seconds, gaps) = FromTimeline(timeline);
        return Split(seconds, format, sideABreakAfter, gaps, maxRecords);
    }

    /// <summary>Splits the album where the engineer says each side ends, at the timeline's pauses and crossfades.</summary>
    public static VinylPlan SplitAt(AlbumTimeline timeline, VinylFormat format, IReadOnlyList<int> sideBreaksAfter)
    {
        var (seconds, gaps) = FromTimeline(timeline);
        return SplitAt(seconds, format, sideBreaksAfter, gaps);
    }

    /// <summary>
    /// Splits the album over sides A and B (and C, D … when one record cannot hold it and <paramref name="maxRecords"/>
    /// allows), tracks kept in order.
    /// </summary>
    /// <param name="trackSecondsInOrder">Each track's length in the running order.</param>
    /// <param name="sideABreakAfter">Side A ends after this track (1-based); null: the sides are balanced automatically.</param>
    /// <param name="gapBeforeSeconds">For each track, the time between the end of the track before it and its start: its pause,
    /// or minus its crossfade. Counted only when the track is not the first of its side; null: none.</param>
    /// <param name="maxRecords">How many records the automatic split may use (1 to 4; 2 allows a double LP).</param>
    public static VinylPlan Split(IReadOnlyList<double> trackSecondsInOrder, VinylFormat format, int? sideABreakAfter = null,
        IReadOnlyList<double>? gapBeforeSeconds = null, int maxRecords = 2)
    {
        if (sideABreakAfter is { } k) return SplitAt(trackSecondsInOrder, format, [k], gapBeforeSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRecords, 4);
        var album = new Programme(trackSecondsInOrder, gapBeforeSeconds);
        var limits = VinylFormatLimits.Of(format);
        int[]? chosen = null;
        for (var records = 1; records <= maxRecords; records++)
        {
            var sides = Math.Min(2 * records, album.Count);
            var breaks = Balanced(album, sides);
            chosen = breaks;
            if (SideLengths(album, breaks).Max() <= limits.MaximumSeconds) break;
            if (sides == album.Count) break; // one track a side already: more records cannot help
        }
        return Plan(album, limits, chosen!, automatic: true, maxRecords);
    }

    /// <summary>Splits the album where the engineer says each side ends (after these tracks, 1-based, rising).</summary>
    public static VinylPlan SplitAt(IReadOnlyList<double> trackSecondsInOrder, VinylFormat format, IReadOnlyList<int> sideBreaksAfter,
        IReadOnlyList<double>? gapBeforeSeconds = null)
    {
        var album = new Programme(trackSecondsInOrder, gapBeforeSeconds);
        for (var i = 0; i < sideBreaksAfter.Count; i++)
        {
            var b = sideBreaksAfter[i];
            if (b < 1 || b >= album.Count)
                throw new AlbumTimelineException(album.Count == 1
                    ? "The album has one track: it cannot be split over two sides."
                    : $"A side must end after a track from 1 to {album.Count - 1}; track {b} cannot end one.");
            if (i > 0 && b <= sideBreaksAfter[i - 1])
                throw new AlbumTimelineException("The side breaks must follow the running order, each after a later track than the one before.");
        }
        var breaks = new int[sideBreaksAfter.Count + 2];
        for (var i = 0; i < sideBreaksAfter.Count; i++) breaks[i + 1] = sideBreaksAfter[i];
        breaks[^1] = album.Count;
        return Plan(album, VinylFormatLimits.Of(format), breaks, automatic: false, maxRecords: 0);
    }

    static (double[] Seconds, double[] Gaps) FromTimeline(AlbumTimeline timeline)
    {
        var rate = (double)timeline.SampleRateHz;
        var tracks = timeline.Tracks;
        var seconds = tracks.Select(t => t.Frames / rate).ToArray();
        var gaps = tracks.Select((t, i) => i == 0 ? 0 : (t.StartFrame - tracks[i - 1].EndFrame) / rate).ToArray();
        return (seconds, gaps);
    }

    /// <summary>The album's lengths, checked, with running sums so any side's length is two subtractions.</summary>
    sealed class Programme
    {
        readonly double[] _trackSums; // _trackSums[j]: tracks 0..j-1
        readonly double[] _gapSums;   // _gapSums[j]: gaps before tracks 0..j-1

        public Programme(IReadOnlyList<double> seconds, IReadOnlyList<double>? gaps)
        {
            if (seconds.Count == 0) throw new AlbumTimelineException("The album has no tracks yet.");
            if (gaps is not null && gaps.Count != seconds.Count)
                throw new ArgumentException($"{gaps.Count} gaps for {seconds.Count} tracks.", nameof(gaps));
            Count = seconds.Count;
            _trackSums = new double[Count + 1];
            _gapSums = new double[Count + 1];
            for (var i = 0; i < Count; i++)
            {
                if (!double.IsFinite(seconds[i]) || seconds[i] <= 0)
                    throw new AlbumTimelineException($"Track {i + 1} has no length yet.");
                var gap = gaps?[i] ?? 0;
                if (!double.IsFinite(gap) || (i > 0 && gap <= -seconds[i]))
                    throw new AlbumTimelineException($"Track {i + 1}: the pause or crossfade before it is not a length the side can hold.");
                _trackSums[i + 1] = _trackSums[i] + seconds[i];
                _gapSums[i + 1] = _gapSums[i] + gap;
            }
        }

        public int Count { get; }

        public double Track(int index) => _trackSums[index + 1] - _trackSums[index];

        /// <summary>Tracks [from, to) as one side: their lengths and the gaps between them, not the gap before the first.</summary>
        public double Side(int from, int to) => _trackSums[to] - _trackSums[from] + _gapSums[to] - _gapSums[from + 1];
    }

    /// <summary>Side boundaries [0, b1, …, n] putting the tracks on <paramref name="sides"/> sides, balanced (see the class).</summary>
    static int[] Balanced(Programme album, int sides)
    {
        var n = album.Count;
        // Pass 1: the shortest possible longest side (minimax over the order), by dynamic programming.
        var longest = new double[sides + 1, n + 1];
        for (var s = 0; s <= sides; s++)
            for (var j = 0; j <= n; j++) longest[s, j] = double.PositiveInfinity;
        longest[0, 0] = 0;
        for (var s = 1; s <= sides; s++)
            for (var j = s; j <= n - (sides - s); j++)
                for (var i = s - 1; i < j; i++)
                    longest[s, j] = Math.Min(longest[s, j], Math.Max(longest[s - 1, i], album.Side(i, j)));
        var bound = longest[sides, n] + 1e-9;

        // Pass 2: with no side longer than that, the most even layout (least sum of squared side lengths).
        var cost = new double[sides + 1, n + 1];
        var from = new int[sides + 1, n + 1];
        for (var s = 0; s <= sides; s++)
            for (var j = 0; j <= n; j++) cost[s, j] = double.PositiveInfinity;
        cost[0, 0] = 0;
        for (var s = 1; s <= sides; s++)
            for (var j = s; j <= n - (sides - s); j++)
                for (var i = s - 1; i < j; i++)
                {
                    var side = album.Side(i, j);
                    if (side > bound || double.IsPositiveInfinity(cost[s - 1, i])) continue;
                    var c = cost[s - 1, i] + side * side;
                    if (c < cost[s, j] - 1e-9)
                    {
                        cost[s, j] = c;
                        from[s, j] = i;
                    }
                }
        var breaks = new int[sides + 1];
        breaks[sides] = n;
        for (var s = sides; s > 0; s--) breaks[s - 1] = from[s, breaks[s]];
        return breaks;
    }

    static double[] SideLengths(Programme album, int[] breaks) =>
        Enumerable.Range(0, breaks.Length - 1).Select(s => album.Side(breaks[s], breaks[s + 1])).ToArray();

    static VinylPlan Plan(Programme album, VinylFormatLimits limits, int[] breaks, bool automatic, int maxRecords)
    {
        var count = breaks.Length - 1;
        var records = (count + 1) / 2;
        var lengths = SideLengths(album, breaks);
        var sides = new List<VinylSide>(count);
        for (var s = 0; s < count; s++)
        {
            var tracks = Enumerable.Range(breaks[s] + 1, breaks[s + 1] - breaks[s]).ToList();
            var status = lengths[s] <= limits.FullLevelSeconds ? VinylSideStatus.Fine
                : lengths[s] <= limits.MaximumSeconds ? VinylSideStatus.Long : VinylSideStatus.TooLong;
            sides.Add(new VinylSide(Label(s), s / 2 + 1, tracks, lengths[s], status, SideMessage(album, limits, breaks, lengths, s, status, records)));
        }
        return new VinylPlan(limits, records, sides, Summary(album, limits, sides, records, automatic, maxRecords));
    }

    static string Label(int side) => ((char)('A' + side)).ToString();

    static string SideMessage(Programme album, VinylFormatLimits limits, int[] breaks, double[] lengths, int s, VinylSideStatus status, int records)
    {
        var head = $"Side {Label(s)} runs {Clock(lengths[s])}";
        var single = breaks[s + 1] - breaks[s] == 1;
        if (status == VinylSideStatus.Fine)
            return $"{head}: it cuts at full level on a {limits.Name} (up to {Clock(limits.FullLevelSeconds)} a side).";
        if (single && album.Track(breaks[s]) > limits.MaximumSeconds)
            return $"Track {breaks[s] + 1} alone runs {Clock(album.Track(breaks[s]))}, longer than one side of a {limits.Name} can hold ({Clock(limits.MaximumSeconds)} at most): "
                + "choose a record with longer sides, or edit it into two parts on two sides.";

        // Where could a track go? To a neighbouring side that stays within full level with it.
        var advice = new List<string>();
        var count = lengths.Length;
        if (!single && s > 0 && Fits(album, breaks[s - 1], breaks[s] + 1, limits.FullLevelSeconds))
            advice.Add($"move track {breaks[s] + 1} to side {Label(s - 1)}");
        else if (!single && s + 1 < count && Fits(album, breaks[s + 1] - 1, breaks[s + 2], limits.FullLevelSeconds))
            advice.Add($"move track {breaks[s + 1]} to side {Label(s + 1)}");
        advice.Add(records == 1 ? $"split the album over two records ({TwoRecords(limits)})" : "shorten the programme or add a record");
        var what = string.Join(" or ", advice);
        return status == VinylSideStatus.Long
            ? $"{head}: on a {limits.Name} that means a quieter cut with less bass (full level up to {Clock(limits.FullLevelSeconds)}); {what}."
            : $"{head}: longer than a side of a {limits.Name} can hold ({Clock(limits.MaximumSeconds)} at most), so it will not be cut like this; {what}.";
    }

    static string TwoRecords(VinylFormatLimits limits) =>
        limits.Format is VinylFormat.Lp12At33 or VinylFormat.Lp10At33 ? "a double LP" : "a second record";

    static bool Fits(Programme album, int from, int to, double seconds) => to <= album.Count && album.Side(from, to) <= seconds;

    static string Summary(Programme album, VinylFormatLimits limits, IReadOnlyList<VinylSide> sides, int records, bool automatic, int maxRecords)
    {
        var total = album.Side(0, album.Count);
        var list = string.Join(", ", sides.Select(s => $"side {s.Label} {Clock(s.Seconds)}"));
        var record = records == 1 ? $"one {limits.Name}"
            : $"{(records == 2 ? "two" : records.ToString(CultureInfo.InvariantCulture))} records ({limits.Name}{(records == 2 && TwoRecords(limits) == "a double LP" ? ", a double LP" : "")})";
        if (sides.Any(s => s.Status == VinylSideStatus.TooLong))
        {
            var more = automatic && records >= maxRecords && maxRecords < 4
                ? $" Allow {(maxRecords == 1 ? TwoRecords(limits) : "another record")}, or shorten the programme."
                : automatic ? " Shorten the programme or edit the longest track." : " Move a side break, or split the album over more sides.";
            return $"The album runs {Clock(total)} and does not fit {record}: {list}.{more}";
        }
        var why = automatic && records > 1 ? $" One record holds {Clock(2 * limits.MaximumSeconds)} at most." : "";
        var quiet = sides.Any(s => s.Status == VinylSideStatus.Long) ? " A long side means a quieter cut with less bass." : "";
        return $"The album runs {Clock(total)} on {record}: {list}.{why}{quiet}";
    }

    /// <summary>m:ss, to the nearest second.</summary>
    public static string Clock(double seconds)
    {
        var s = (long)Math.Round(Math.Max(0, seconds), MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}");
    }
}
