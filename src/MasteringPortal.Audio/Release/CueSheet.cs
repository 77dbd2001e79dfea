using System.Globalization;
using System.Text;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// Writes a CUE sheet (the CDRWin format that burning programs, cdrdao, cuetools and rippers read) for one WAV file
/// holding the whole programme from the disc's 00:00:00, so it starts with track 1's 2 s pause. It carries what a
/// reference CD or a burn needs:
/// <code>
/// CATALOG 5012345678900            the UPC/EAN as the 13-digit media catalogue number
/// PERFORMER "…" / TITLE "…" / SONGWRITER "…"        the album's CD-Text
/// REM COMPOSER "…" / REM ARRANGER "…" / REM MESSAGE "…"   (CDRWin has no commands for these; REM keeps them readable)
/// FILE "album.wav" WAVE
///   TRACK 01 AUDIO
///     TITLE "…" / PERFORMER "…" / SONGWRITER "…"
///     ISRC GBABC2400001
///     INDEX 00 00:00:00            the pause; left out for a segue (no pause)
///     INDEX 01 00:02:00            the track's start; INDEX 02 … follow
/// </code>
/// Times are mm:ss:ff (75 frames a second) from the start of the file, which is the start of the disc. CUE text
/// has no escape for a double quote and ends at a line break, so a title is made safe: double quotes become
/// apostrophes ('), line breaks, tabs and other control characters become spaces. Text is written as UTF-8 without a
/// byte-order mark (identical to ASCII for plain titles), lines end in LF.
/// <para>
/// The same sheet can describe a DDP image's IMAGE.DAT instead of a WAV: <see cref="CueAudioFile.Binary"/> (raw
/// little-endian CD audio, which is what IMAGE.DAT is) with <c>CDTEXTFILE "CDTEXT.BIN"</c>. With a CD-Text file the
/// text comes from that file alone; TITLE/PERFORMER lines that could disagree with it are left out.
/// </para>
/// </summary>
public static class CueSheet
{
    /// <summary>
    /// The CUE sheet text. <paramref name="audioFileName"/> is written as given (a name beside the cue sheet, or a
    /// relative path); it, and <paramref name="cdTextFileName"/>, may not contain quotes or line breaks. A programme
    /// that breaks the Red Book rules is refused with <see cref="CdProgrammeException"/>.
    /// </summary>
    public static string Write(CdProgramme programme, string audioFileName, CueAudioFile fileType = CueAudioFile.Wave,
        string? cdTextFileName = null)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentException.ThrowIfNullOrWhiteSpace(audioFileName);
        CheckFileName(audioFileName, nameof(audioFileName));
        if (cdTextFileName is not null) CheckFileName(cdTextFileName, nameof(cdTextFileName));
        RedBook.EnsureValid(programme);

        var withText = cdTextFileName is null;
        var cue = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(programme.UpcEan))
            cue.Append("CATALOG ").Append(ReleaseCodes.ToCatalogueNumber(programme.UpcEan)).Append('\n');
        if (cdTextFileName is not null) cue.Append("CDTEXTFILE \"").Append(cdTextFileName).Append("\"\n");
        if (withText) AppendText(cue, "", programme.AlbumTextOrNone);
        cue.Append("FILE \"").Append(audioFileName).Append(fileType == CueAudioFile.Binary ? "\" BINARY\n" : "\" WAVE\n");

        foreach (var t in programme.Tracks)
        {
            cue.Append("  TRACK ").Append(Two(t.Number)).Append(" AUDIO\n");
            if (withText) AppendText(cue, "    ", t.TextOrNone);
            if (!string.IsNullOrWhiteSpace(t.Isrc)) cue.Append("    ISRC ").Append(ReleaseCodes.NormaliseIsrc(t.Isrc)).Append('\n');
            if (t.Index0Frame < t.Index1Frame) AppendIndex(cue, 0, t.Index0Frame);
            AppendIndex(cue, 1, t.Index1Frame);
            for (var k = 0; k < t.ExtraIndexes.Count; k++) AppendIndex(cue, k + 2, t.ExtraIndexes[k]);
        }
        return cue.ToString();
    }

    /// <summary>Writes <see cref="Write"/>'s text to <paramref name="path"/> (UTF-8, no byte-order mark).</summary>
    public static void Save(string path, CdProgramme programme, string audioFileName, CueAudioFile fileType = CueAudioFile.Wave,
        string? cdTextFileName = null) =>
        File.WriteAllText(path, Write(programme, audioFileName, fileType, cdTextFileName), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static void CheckFileName(string name, string parameter)
    {
        if (name.Any(c => c == '"' || char.IsControl(c)))
            throw new ArgumentException($"The file name \"{Safe(name)}\" can't be put in a CUE sheet: it has a double quote or a line break.", parameter);
    }

    /// <summary>A value made safe for a quoted CUE argument: no double quotes, no line breaks or other control characters.</summary>
    public static string Safe(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
            sb.Append(c == '"' ? '\'' : char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        return sb.ToString().Trim();
    }

    private static void AppendText(StringBuilder cue, string indent, CdTextFields text)
    {
        Append(cue, indent, "PERFORMER", text.Performer);
        Append(cue, indent, "TITLE", text.Title);
        Append(cue, indent, "SONGWRITER", text.Songwriter);
        Append(cue, indent, "REM COMPOSER", text.Composer);
        Append(cue, indent, "REM ARRANGER", text.Arranger);
        Append(cue, indent, "REM MESSAGE", text.Message);
    }

    private static void Append(StringBuilder cue, string indent, string command, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        var safe = Safe(value);
        if (safe.Length == 0) return;
        cue.Append(indent).Append(command).Append(" \"").Append(safe).Append("\"\n");
    }

    private static void AppendIndex(StringBuilder cue, int index, long frame) =>
        cue.Append("    INDEX ").Append(Two(index)).Append(' ').Append(CdTime.Msf(frame)).Append('\n');

    private static string Two(int n) => n.ToString("00", CultureInfo.InvariantCulture);
}

/// <summary>The kind of audio file a CUE sheet's FILE command names.</summary>
public enum CueAudioFile
{
    /// <summary>A WAV file (44.1 kHz, 16-bit, stereo).</summary>
    Wave,

    /// <summary>Raw CD audio, 16-bit little-endian stereo with no header: a DDP image's IMAGE.DAT.</summary>
    Binary,
}
