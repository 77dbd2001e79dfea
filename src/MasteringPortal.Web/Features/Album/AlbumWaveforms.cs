using System.Globalization;
using System.Text;
using MasteringPortal.Audio.Album;
using MasteringPortal.Web.Features.Review;

namespace MasteringPortal.Web.Features.Album;

/// <summary>
/// Waveforms for the album view, drawn on the server as SVG paths (no script): the outline of each column's lowest and
/// highest sample, taken from the master's stored analysis (<see cref="ReviewFigureBuilder.Overview"/>, already folded to
/// one channel and at most 1800 columns) and merged again to a few hundred columns, so a track costs a few kilobytes of
/// markup. Coordinates are rounded to a tenth of a unit of the drawing's viewBox.
/// </summary>
public static class AlbumWaveforms
{
    /// <summary>A track row's drawing: 600 × 48 units, 300 columns.</summary>
    public const int TrackWidth = 600, TrackHeight = 48, TrackColumns = 300;

    /// <summary>The album timeline's drawing: 1000 × 48 units, about 2 units per column (the track numbers are HTML above it).</summary>
    public const int StripWidth = 1000, StripHeight = 48;

    /// <summary>
    /// The closed outline of the waveform between <paramref name="fromSeconds"/> and <paramref name="toSeconds"/> of the
    /// master, drawn from x0 to x1 in <paramref name="columns"/> columns and centred in [top, top + height]. An
    /// <paramref name="envelope"/> (the level 0 to 1 at a moment of the master) scales each column, so fades and level cuts
    /// show as they will play. Silence is drawn as a hairline rather than nothing.
    /// </summary>
    public static string Outline(ReviewWaveform wave, double fromSeconds, double toSeconds, double x0, double x1, int columns, double top, double height,
        Func<double, double>? envelope = null)
    {
        columns = Math.Max(1, columns);
        var n = Math.Min(wave.Min.Length, wave.Max.Length);
        var half = height / 2;
        var middle = top + half;
        var scale = wave.FullScale > 0 ? wave.FullScale : short.MaxValue;
        var upper = new double[columns];
        var lower = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var t0 = fromSeconds + (toSeconds - fromSeconds) * c / columns;
            var t1 = fromSeconds + (toSeconds - fromSeconds) * (c + 1) / columns;
            var i0 = Math.Clamp((int)Math.Floor(t0 / wave.SecondsPerColumn), 0, n);
            var i1 = Math.Clamp(Math.Max(i0 + 1, (int)Math.Ceiling(t1 / wave.SecondsPerColumn)), 0, n);
            double lo = 0, hi = 0;
            for (var i = i0; i < i1; i++)
            {
                lo = Math.Min(lo, wave.Min[i]);
                hi = Math.Max(hi, wave.Max[i]);
            }
            var gain = Math.Clamp(envelope?.Invoke((t0 + t1) / 2) ?? 1, 0, 1);
            upper[c] = middle - Math.Min(1, hi / scale * gain) * half;
            lower[c] = middle - Math.Max(-1, lo / scale * gain) * half;
            if (lower[c] - upper[c] < 0.6) (upper[c], lower[c]) = (middle - 0.3, middle + 0.3);
        }
        var d = new StringBuilder(columns * 18);
        var step = (x1 - x0) / columns;
        d.Append('M').Append(F(x0)).Append(',').Append(F(upper[0])).Append('L');
        for (var c = 0; c < columns; c++) d.Append(F(x0 + step * (c + 0.5))).Append(',').Append(F(upper[c])).Append(' ');
        d.Append(F(x1)).Append(',').Append(F(upper[^1])).Append(' ').Append(F(x1)).Append(',').Append(F(lower[^1])).Append(' ');
        for (var c = columns - 1; c >= 0; c--) d.Append(F(x0 + step * (c + 0.5))).Append(',').Append(F(lower[c])).Append(' ');
        d.Append(F(x0)).Append(',').Append(F(lower[0])).Append('Z');
        return d.ToString();
    }

    /// <summary>One track's whole master across a row's drawing.</summary>
    public static string Track(ReviewWaveform wave, double durationSeconds) =>
        Outline(wave, 0, durationSeconds, 0, TrackWidth, TrackColumns, 2, TrackHeight - 4);

    /// <summary>The x of <paramref name="seconds"/> of a master of <paramref name="durationSeconds"/> in a row's drawing.</summary>
    public static double TrackX(double seconds, double durationSeconds) =>
        durationSeconds > 0 ? Math.Clamp(seconds / durationSeconds, 0, 1) * TrackWidth : 0;

    /// <summary>One track as placed on the album timeline: where it sits, its waveform shaped by its fades, crossfades and level cut.</summary>
    public sealed record StripTrack(int Number, string Title, double X0, double X1, string Path, double StartSeconds, double PauseBeforeSeconds,
        double CrossfadeSeconds);

    /// <summary>
    /// The album as it would be assembled now, for the timeline above the running order: each track's trimmed master at its
    /// place (x proportional to programme time), the pauses as empty stretches, crossfades as overlaps.
    /// </summary>
    public static IReadOnlyList<StripTrack> Strip(AlbumTimeline timeline, IReadOnlyList<(string Title, ReviewWaveform? Wave)> tracks)
    {
        var rate = (double)timeline.SampleRateHz;
        var length = Math.Max(1, timeline.LengthFrames);
        var result = new List<StripTrack>();
        foreach (var (p, i) in timeline.Tracks.Select((p, i) => (p, i)))
        {
            var x0 = (double)p.StartFrame / length * StripWidth;
            var x1 = (double)p.EndFrame / length * StripWidth;
            var from = p.SourceStartFrame / rate;
            var to = (p.SourceStartFrame + p.Frames) / rate;
            var path = tracks[i].Wave is { } wave
                ? Outline(wave, from, to, x0, x1, Math.Clamp((int)Math.Round((x1 - x0) / 2), 2, 600), 2, StripHeight - 4,
                    seconds => p.Gain * AlbumAssembler.Envelope(p, p.StartFrame + (long)Math.Round((seconds - from) * rate)))
                : "";
            result.Add(new StripTrack(p.Number, tracks[i].Title, x0, x1, path, p.StartFrame / rate, (p.StartFrame - p.PauseStartFrame) / rate,
                p.CrossfadeInFrames / rate));
        }
        return result;
    }

    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
