using System.Globalization;
using System.Text;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// The metadata one delivered file carries (issue 20 §3 "Metadata"): what a player, a distributor's ingest or a
/// broadcaster's library shows and files the recording under. Every field is optional; a null or blank field is simply
/// not written. <see cref="Normalise"/> turns what people typed into what goes into the files, and every writer
/// (<see cref="WavTagWriter"/>, <see cref="TaggedEncodes"/>) calls it first, so a bad ISRC is refused before any file is
/// touched.
/// </summary>
/// <param name="Title">The recording's title.</param>
/// <param name="Artists">The performing artists as one line, "A, B" (the way stores display them).</param>
/// <param name="Album">The release's title.</param>
/// <param name="AlbumArtist">The release's artist, when it differs per track (compilations) or to keep an album together.</param>
/// <param name="Composer">The composer(s) as one line.</param>
/// <param name="Year">The year of release, four digits.</param>
/// <param name="Label">The record label.</param>
/// <param name="Isrc">The recording's ISRC (ISO 3901). <see cref="Normalise"/> stores it as 12 characters, no hyphens.</param>
/// <param name="Upc">The release's UPC-A (12 digits) or EAN-13 (13 digits), as given (check digit verified).</param>
/// <param name="TrackNumber">The track's position on the release, from 1.</param>
/// <param name="TrackTotal">How many tracks the release has.</param>
/// <param name="Comment">Free text; the only field that may hold line breaks.</param>
public sealed record ReleaseTags(
    string? Title = null,
    string? Artists = null,
    string? Album = null,
    string? AlbumArtist = null,
    string? Composer = null,
    int? Year = null,
    string? Label = null,
    string? Isrc = null,
    string? Upc = null,
    int? TrackNumber = null,
    int? TrackTotal = null,
    string? Comment = null)
{
    /// <summary>The name written where a file records the program that made it (INFO ISFT) and the default bext originator.</summary>
    public const string Software = "MasteringPortal";

    /// <summary>No tags at all.</summary>
    public static readonly ReleaseTags None = new();

    /// <summary>
    /// The track position as tag formats write it: "3", or "3/10" when the total is known; null without a track number
    /// (a total alone says nothing about this file).
    /// </summary>
    public string? TrackText => TrackNumber is not { } n ? null
        : TrackTotal is { } total ? string.Create(CultureInfo.InvariantCulture, $"{n}/{total}")
        : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The year as four digits, or null.</summary>
    public string? YearText => Year?.ToString("0000", CultureInfo.InvariantCulture);

    /// <summary>
    /// The tags as they go into a file: text trimmed, blank text as null, Unicode in its composed form (NFC, so "é" typed
    /// on a Mac and on Windows is the same bytes), control characters turned into spaces (line breaks are kept in
    /// <see cref="Comment"/> only, as "\n"), the ISRC as its 12 characters (<see cref="ReleaseCodes.TryNormaliseIsrc"/>),
    /// the UPC/EAN without spaces and with its check digit verified. Throws an <see cref="ArgumentException"/> whose message
    /// says in plain words which field is wrong and how to fix it.
    /// </summary>
    public ReleaseTags Normalise()
    {
        string? isrc = null;
        if (!string.IsNullOrWhiteSpace(Isrc))
        {
            if (!ReleaseCodes.TryNormaliseIsrc(Isrc, out var code, out var problem)) throw new ArgumentException(problem, nameof(Isrc));
            isrc = code;
        }
        string? upc = null;
        if (!string.IsNullOrWhiteSpace(Upc))
        {
            if (!ReleaseCodes.TryNormaliseUpcEan(Upc, out var code, out var problem)) throw new ArgumentException(problem, nameof(Upc));
            upc = code;
        }
        if (Year is { } year && year is < 1000 or > 9999)
            throw new ArgumentException($"The year {year} is not a year of release; give it as four digits, for example 2024.", nameof(Year));
        if (TrackNumber is { } number && number < 1)
            throw new ArgumentException($"The track number is {number}; track numbers start at 1.", nameof(TrackNumber));
        if (TrackTotal is { } total)
        {
            if (total < 1) throw new ArgumentException($"The number of tracks is {total}; a release has at least 1 track.", nameof(TrackTotal));
            if (TrackNumber is { } n && n > total)
                throw new ArgumentException($"The track number ({n}) is larger than the number of tracks on the release ({total}).", nameof(TrackNumber));
        }

        return new ReleaseTags(Text(Title), Text(Artists), Text(Album), Text(AlbumArtist), Text(Composer), Year, Text(Label),
            isrc, upc, TrackNumber, TrackTotal, Text(Comment, keepLineBreaks: true));
    }

    /// <summary>
    /// Trimmed, composed (NFC) text with control characters as spaces; null when nothing is left. Line breaks of any kind
    /// become "\n" when <paramref name="keepLineBreaks"/>. A lone UTF-16 surrogate (half of an emoji cut off by a
    /// careless copy) becomes U+FFFD, because it cannot be written as UTF-8.
    /// </summary>
    internal static string? Text(string? value, bool keepLineBreaks = false)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') sb.Append('\uFFFD'); // not a character: XML and UTF-8 can't hold it
            else if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029')
            {
                if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') i++;
                sb.Append(keepLineBreaks ? '\n' : ' ');
            }
            else if (char.IsControl(c)) sb.Append(' ');
            else sb.Append(c);
        }
        var text = sb.ToString().Normalize(NormalizationForm.FormC).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// Plain ASCII for the fields that can hold nothing else (the bext chunk, EBU Tech 3285): accents are removed
    /// ("Sigur Rós" → "Sigur Ros"), letters without a decomposition get their usual spelling (æ → ae, ø → o, ß → ss,
    /// þ → th, ð → d, ł → l, œ → oe), typographic quotes and dashes become ' " -, and "…" becomes "...". Whatever is still
    /// not ASCII (Cyrillic, Greek, CJK, emoji …) is left out rather than shown as "?"; runs of spaces collapse to one.
    /// The full text always goes into the UTF-8 chunks as typed.
    /// </summary>
    internal static string ToAscii(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (c < 0x80)
            {
                sb.Append(char.IsControl(c) ? ' ' : c);
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark) continue;
            var spelled = c switch
            {
                'æ' => "ae", 'Æ' => "AE", 'œ' => "oe", 'Œ' => "OE", 'ø' => "o", 'Ø' => "O", 'ß' => "ss", 'ẞ' => "SS",
                'þ' => "th", 'Þ' => "Th", 'ð' => "d", 'Ð' => "D", 'đ' => "d", 'Đ' => "D", 'ł' => "l", 'Ł' => "L",
                'ı' => "i", 'ħ' => "h", 'Ħ' => "H", 'ŋ' => "ng", 'Ŋ' => "NG", 'ĸ' => "k",
                '\u2018' or '\u2019' or '\u201A' or '\u2032' => "'",
                '\u201C' or '\u201D' or '\u201E' or '\u2033' or '«' or '»' => "\"",
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-",
                '\u2026' => "...", '×' => "x", '©' => "(C)", '℗' => "(P)", '®' => "(R)", '™' => "TM", '•' or '·' => "-",
                _ when char.IsWhiteSpace(c) => " ",
                _ => "",
            };
            sb.Append(spelled);
        }
        var collapsed = new StringBuilder(sb.Length);
        foreach (var c in sb.ToString())
            if (c != ' ' || (collapsed.Length > 0 && collapsed[^1] != ' ')) collapsed.Append(c);
        return collapsed.ToString().Trim();
    }
}
