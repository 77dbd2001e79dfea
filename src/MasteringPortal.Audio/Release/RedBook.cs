using System.Globalization;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// The rules a CD programme must keep to be replicated as an audio CD, checked before anything is written.
/// Sources, in our own words:
/// <list type="bullet">
/// <item>IEC 60908 (the "Red Book", Compact Disc Digital Audio): 1 to 99 tracks; every disc starts with a pause
/// of at least 2 s (track 1's index 00 at 00:00:00, its index 01 at 00:02:00 or later); a track lasts at least
/// 4 s; index numbers inside a track rise (00, 01, 02, … up to 99) and so do their times.</item>
/// <item>The length limit is the issue's: 79:57:00, which leaves a safety margin on an 80-minute disc.</item>
/// <item>ISO 3901 for the ISRC of each track, which must also be unique on the disc (one code per recording).</item>
/// <item>GS1 for the UPC-A/EAN-13 that becomes the disc's media catalogue number.</item>
/// </list>
/// A track's length is measured from its index 01 to the next track's index 00 (or to the end of the programme),
/// i.e. without the pause before the next track: the stricter reading, so a disc that passes here passes any
/// plant's check whichever way it measures.
/// </summary>
public static class RedBook
{
    /// <summary>Every problem with the programme, each a sentence for a musician; empty when it can go onto a CD.</summary>
    public static IReadOnlyList<string> Check(CdProgramme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var problems = new List<string>();
        var tracks = programme.Tracks ?? [];
        var length = programme.LengthFrames;

        if (tracks.Count == 0) problems.Add("The programme has no tracks; a CD needs at least one.");
        else if (tracks.Count > CdTime.MaximumTracks)
            problems.Add($"The programme has {tracks.Count} tracks; a CD holds at most {CdTime.MaximumTracks}.");

        if (length <= 0) problems.Add("The programme has no audio: its length is 0.");
        else if (length > CdTime.MaximumProgrammeFrames)
            problems.Add($"The programme is {CdTime.Msf(length)} long; a CD may hold at most {CdTime.Msf(CdTime.MaximumProgrammeFrames)} " +
                         "(the safe limit of an 80-minute disc). Shorten the gaps or move a track to another disc.");

        for (var i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i];
            if (t is null)
            {
                problems.Add($"Track {i + 1} is missing from the programme.");
                continue;
            }
            CheckTrack(programme, i, t, problems);
        }

        CheckIsrcs(tracks, problems);

        if (!string.IsNullOrWhiteSpace(programme.UpcEan) && !ReleaseCodes.TryNormaliseUpcEan(programme.UpcEan, out _, out var upcProblem))
            problems.Add(upcProblem!);

        return problems;
    }

    /// <summary>Throws <see cref="CdProgrammeException"/> listing every problem when <see cref="Check"/> finds any.</summary>
    public static void EnsureValid(CdProgramme programme)
    {
        var problems = Check(programme);
        if (problems.Count > 0) throw new CdProgrammeException(problems);
    }

    private static void CheckTrack(CdProgramme programme, int i, CdTrack t, List<string> problems)
    {
        var tracks = programme.Tracks;
        var length = programme.LengthFrames;
        var label = $"Track {t.Number}";

        if (t.Number != i + 1)
            problems.Add($"Track numbers must run 1, 2, 3, … in order; track {i + 1} of the programme is numbered {t.Number}.");

        var extras = t.ExtraIndexes;
        if (t.Index0Frame < 0 || t.Index1Frame < 0 || extras.Any(x => x < 0))
        {
            problems.Add($"{label} has an index point before the start of the disc (a negative time).");
            return;
        }

        if (t.Index0Frame > t.Index1Frame)
            problems.Add($"{label}'s pause (index 00 at {CdTime.Msf(t.Index0Frame)}) comes after its start " +
                         $"(index 01 at {CdTime.Msf(t.Index1Frame)}); the pause must come first, or be left out.");

        if (1 + extras.Count > 99)
            problems.Add($"{label} has {1 + extras.Count} index points after its start; a track can have at most 99 (index 01 to 99).");

        var previous = t.Index1Frame;
        for (var k = 0; k < extras.Count; k++)
        {
            if (extras[k] <= previous)
                problems.Add($"{label}'s index {k + 2:00} (at {CdTime.Msf(extras[k])}) must come after index {k + 1:00} (at {CdTime.Msf(previous)}).");
            previous = Math.Max(previous, extras[k]);
        }

        if (length > 0)
        {
            if (t.Index1Frame >= length)
                problems.Add($"{label} starts at {CdTime.Msf(t.Index1Frame)}, at or after the end of the programme ({CdTime.Msf(length)}).");
            else if (previous >= length)
                problems.Add($"{label} has an index point at {CdTime.Msf(previous)}, at or after the end of the programme ({CdTime.Msf(length)}).");
        }

        if (i == 0)
        {
            if (t.Index0Frame != 0)
                problems.Add($"Track 1's pause (index 00) must start at 00:00:00, the very start of the disc; here it starts at {CdTime.Msf(t.Index0Frame)}.");
            if (t.Index1Frame < CdTime.FirstPregapFrames)
                problems.Add($"Track 1 starts {Seconds(t.Index1Frame)} s into the disc (index 01 at {CdTime.Msf(t.Index1Frame)}); the first track must " +
                             "start at least 2 s (00:02:00) in, after the pause every CD begins with.");
        }
        else if (tracks[i - 1] is { } before)
        {
            var beforeLast = LastIndex(before);
            if (t.Index0Frame <= beforeLast)
                problems.Add($"{label}'s {(t.Index0Frame == t.Index1Frame ? "start" : "pause")} (at {CdTime.Msf(t.Index0Frame)}) must come after " +
                             $"track {before.Number}'s last index point (at {CdTime.Msf(beforeLast)}).");
        }

        var end = i + 1 < tracks.Count && tracks[i + 1] is { } next ? next.Index0Frame : length;
        var trackFrames = end - t.Index1Frame;
        if (trackFrames > 0 && trackFrames < CdTime.MinimumTrackFrames)
            problems.Add($"{label} is {Seconds(trackFrames)} s long; a CD track must be at least 4 s.");
    }

    private static void CheckIsrcs(IReadOnlyList<CdTrack> tracks, List<string> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tracks)
        {
            if (t is null || string.IsNullOrWhiteSpace(t.Isrc)) continue;
            if (!ReleaseCodes.TryNormaliseIsrc(t.Isrc, out var isrc, out var problem))
            {
                problems.Add($"Track {t.Number}: {problem}");
                continue;
            }
            if (seen.TryGetValue(isrc, out var first))
                problems.Add($"Tracks {first} and {t.Number} have the same ISRC {isrc}; every recording on a disc needs its own ISRC.");
            else seen[isrc] = t.Number;
        }
    }

    private static long LastIndex(CdTrack t) => t.ExtraIndexes.Count == 0 ? t.Index1Frame : Math.Max(t.Index1Frame, t.ExtraIndexes.Max());

    /// <summary>Seconds with one decimal, rounded down so a 3.99 s track never reads as "4.0 s long".</summary>
    internal static string Seconds(long frames) =>
        (Math.Floor(frames / (CdTime.FramesPerSecond / 10.0)) / 10).ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>A CD programme that breaks the rules of <see cref="RedBook"/> (or can't carry its CD-Text); every problem is listed.</summary>
public sealed class CdProgrammeException : Exception
{
    public CdProgrammeException(IReadOnlyList<string> problems)
        : base("This programme can't be made into a CD master: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem as its own sentence, to show as a list.</summary>
    public IReadOnlyList<string> Problems { get; }
}
