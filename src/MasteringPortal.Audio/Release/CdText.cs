using System.Buffers.Binary;
using System.Text;

namespace MasteringPortal.Audio.Release;

/// <summary>What a CD-Text file holds, decoded: the album's fields, each track's, and the codes (pack 0x8E).</summary>
public sealed record CdTextContent(CdTextFields Album, int FirstTrack, IReadOnlyList<CdTextFields> Tracks, string? UpcEan,
    IReadOnlyList<string?> Isrcs)
{
    /// <summary>The text of track <paramref name="number"/>; <see cref="CdTextFields.None"/> when the CD-Text has none for it.</summary>
    public CdTextFields ForTrack(int number) =>
        number - FirstTrack is var i && i >= 0 && i < Tracks.Count ? Tracks[i] : CdTextFields.None;

    /// <summary>The ISRC that the CD-Text (pack 0x8E) gives track <paramref name="number"/>, if any.</summary>
    public string? IsrcForTrack(int number) =>
        number - FirstTrack is var i && i >= 0 && i < Isrcs.Count ? Isrcs[i] : null;
}

/// <summary>
/// CD-Text as it is stored in the lead-in of an audio CD, and as a DDP image's CDTEXT.BIN or a cue sheet's
/// CDTEXTFILE carries it: a run of 18-byte packs (the Sony format that the Red Book's CD-Text annex and the
/// SCSI Multimedia Commands, MMC, describe). Each pack is:
/// <list type="table">
/// <item><term>byte 0</term><description>pack type: 0x80 title, 0x81 performer, 0x82 songwriter, 0x83 composer,
/// 0x84 arranger, 0x85 message, 0x8E UPC/EAN and ISRCs, 0x8F size information</description></item>
/// <item><term>byte 1</term><description>the track (0 = the album) whose string byte 4 belongs to; in the
/// three size-information packs, the pack's position 0, 1, 2</description></item>
/// <item><term>byte 2</term><description>sequence number, counting every pack of the block from 0</description></item>
/// <item><term>byte 3</term><description>bit 7 double-byte characters (0 here), bits 6–4 the block (language)
/// number (0 here), bits 3–0 how many characters of that string came in earlier packs (at most 15)</description></item>
/// <item><term>bytes 4–15</term><description>12 bytes of text: each type's strings (album, then each track in
/// order) one after another, each ended by a NUL byte, the last pack padded with NULs</description></item>
/// <item><term>bytes 16–17</term><description>CRC-16 of bytes 0–15 (polynomial x^16 + x^12 + x^5 + 1, i.e.
/// 0x1021, starting from 0), stored inverted, high byte first</description></item>
/// </list>
/// We write one block: language English (code 0x09), character set ISO 8859-1 (code 0x00), the choice of
/// nearly every CD-Text writer and the one every player shows.
/// <para>
/// Characters ISO 8859-1 can't hold: a few typographic marks that word processors put in for the plain ones are
/// replaced by them (curly quotes and apostrophes by ' and ", dashes by -, the ellipsis by ...), because the
/// meaning is the same and refusing "Don’t" would only annoy. Anything else outside ISO 8859-1 (Greek, Cyrillic,
/// Japanese, letters such as ř or ł, emoji) and control characters are refused with a message naming the field
/// and the character: changing how a name is spelled is the artist's decision, not ours.
/// </para>
/// </summary>
public static class CdText
{
    public const int PackBytes = 18;
    public const int PayloadBytes = 12;

    /// <summary>One block holds at most 256 packs: the sequence number is a single byte.</summary>
    public const int MaximumPacks = 256;

    public const byte Title = 0x80, Performer = 0x81, Songwriter = 0x82, Composer = 0x83, Arranger = 0x84, Message = 0x85;
    public const byte Codes = 0x8E, SizeInformation = 0x8F;

    /// <summary>Character set code 0x00 of the size information: ISO 8859-1.</summary>
    public const byte CharacterSetIso8859_1 = 0x00;
    public const byte CharacterSetAscii = 0x01;

    /// <summary>Language code 0x09 (English) in the size information (the EBU Tech 3258 language codes CD-Text uses).</summary>
    public const byte LanguageEnglish = 0x09;

    private static readonly (byte Type, string Name, Func<CdTextFields, string?> Get)[] TextTypes =
    [
        (Title, "title", f => f.Title),
        (Performer, "performer", f => f.Performer),
        (Songwriter, "songwriter", f => f.Songwriter),
        (Composer, "composer", f => f.Composer),
        (Arranger, "arranger", f => f.Arranger),
        (Message, "message", f => f.Message),
    ];

    /// <summary>
    /// Every reason the programme's CD-Text can't be written: characters outside ISO 8859-1, control
    /// characters, or more text than one block holds. Empty when <see cref="Encode"/> will succeed
    /// (codes are checked by <see cref="RedBook.Check"/>).
    /// </summary>
    public static IReadOnlyList<string> Check(CdProgramme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var problems = new List<string>();
        if (!programme.HasCdText) return problems;
        foreach (var (_, name, get) in TextTypes)
        {
            CheckField(get(programme.AlbumTextOrNone), $"The album {name}", problems);
            foreach (var t in programme.Tracks)
                CheckField(get(t.TextOrNone), $"Track {t.Number}'s {name}", problems);
        }
        if (problems.Count == 0)
        {
            var packs = CountPacks(programme);
            if (packs > MaximumPacks)
                problems.Add($"The CD-Text is too long: it needs {packs} packs of 12 characters, and a disc holds at most {MaximumPacks} " +
                             "(about 2,900 characters in all, counting one end mark per title or name). Shorten the longest titles or the messages.");
        }
        return problems;
    }

    /// <summary>
    /// The CD-Text packs of the programme (block 0, English, ISO 8859-1): the text types present, then 0x8E
    /// when the programme has a UPC/EAN or an ISRC, then the three size-information packs. Empty when the
    /// programme has no CD-Text. Throws <see cref="CdProgrammeException"/> with every problem otherwise.
    /// </summary>
    public static byte[] Encode(CdProgramme programme)
    {
        var problems = Check(programme).ToList();
        if (!programme.HasCdText) return [];

        string? upc = null;
        if (!string.IsNullOrWhiteSpace(programme.UpcEan))
        {
            if (ReleaseCodes.TryNormaliseUpcEan(programme.UpcEan, out var code, out var problem)) upc = ReleaseCodes.ToCatalogueNumber(code);
            else problems.Add(problem!);
        }
        var isrcs = new List<string?>();
        foreach (var t in programme.Tracks)
        {
            if (string.IsNullOrWhiteSpace(t.Isrc)) { isrcs.Add(null); continue; }
            if (ReleaseCodes.TryNormaliseIsrc(t.Isrc, out var isrc, out var problem)) isrcs.Add(isrc);
            else { problems.Add($"Track {t.Number}: {problem}"); isrcs.Add(null); }
        }
        if (problems.Count > 0) throw new CdProgrammeException(problems);

        var tracks = programme.Tracks;
        var packs = new List<byte[]>();
        foreach (var (type, _, get) in TextTypes)
        {
            var strings = new List<string?> { get(programme.AlbumTextOrNone) };
            strings.AddRange(tracks.Select(t => get(t.TextOrNone)));
            if (strings.All(string.IsNullOrEmpty)) continue;
            AddStringPacks(packs, type, strings.Select(s => Latin1(s)).ToList(), tracks);
        }
        if (upc is not null || isrcs.Any(i => i is not null))
        {
            var strings = new List<byte[]> { Encoding.ASCII.GetBytes(upc ?? "") };
            strings.AddRange(isrcs.Select(i => Encoding.ASCII.GetBytes(i ?? "")));
            AddStringPacks(packs, Codes, strings, tracks);
        }
        AddSizeInformation(packs, tracks);

        var result = new byte[packs.Count * PackBytes];
        for (var i = 0; i < packs.Count; i++)
        {
            packs[i][2] = (byte)i;
            SealPack(packs[i]);
            packs[i].CopyTo(result, i * PackBytes);
        }
        return result;
    }

    /// <summary>
    /// Parses CD-Text packs back into the album's and each track's fields and the codes. Every pack's CRC is
    /// checked; a damaged or truncated file, double-byte (Japanese) text or an unknown character set is an
    /// <see cref="AudioFileException"/> with a plain message. A 4-byte length header in front of the packs (as
    /// a drive's READ TOC answer and some cue-sheet tools have) is skipped. Only block 0 is read.
    /// </summary>
    public static CdTextContent Decode(ReadOnlySpan<byte> data, string fileName = "The CD-Text file")
    {
        if (data.Length >= 4 && data.Length % PackBytes == 4 && BinaryPrimitives.ReadUInt16BigEndian(data) == data.Length - 2)
            data = data[4..];
        if (data.Length == 0) throw new AudioFileException($"{fileName} is empty: it holds no CD-Text packs.");
        if (data.Length % PackBytes != 0)
            throw new AudioFileException($"{fileName} is {data.Length} bytes long, which is not a whole number of 18-byte CD-Text packs; it is damaged or cut short.");

        var count = data.Length / PackBytes;
        var damaged = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var pack = data.Slice(i * PackBytes, PackBytes);
            if (BinaryPrimitives.ReadUInt16BigEndian(pack[16..]) != (ushort)~Crc(pack[..16])) damaged.Add(i + 1);
        }
        if (damaged.Count > 0)
            throw new AudioFileException($"{fileName} is damaged: the checksum of {Packs(damaged, count)} doesn't match its contents. " +
                                         "Ask for a fresh copy of the image.");

        // Block 0 only: the first language, the one every player shows.
        var block = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var pack = data.Slice(i * PackBytes, PackBytes).ToArray();
            if ((pack[3] >> 4 & 0x07) != 0) continue;
            if (pack[0] is < 0x80 or > 0x8F)
                throw new AudioFileException($"{fileName} is not CD-Text: pack {i + 1} has type 0x{pack[0]:X2}, and CD-Text packs have types 0x80 to 0x8F.");
            if ((pack[3] & 0x80) != 0 && pack[0] is >= Title and <= Message)
                throw new AudioFileException($"{fileName} uses double-byte (Japanese) characters, which this reader doesn't decode.");
            block.Add(pack);
        }
        if (block.Count == 0) throw new AudioFileException($"{fileName} has no CD-Text in its first language block.");

        var size = block.Where(p => p[0] == SizeInformation).OrderBy(p => p[1]).ToList();
        int firstTrack, lastTrack;
        if (size.Count == 3)
        {
            var info = size.SelectMany(p => p.Skip(4).Take(PayloadBytes)).ToArray();
            if (info[0] is not (CharacterSetIso8859_1 or CharacterSetAscii))
                throw new AudioFileException($"{fileName} uses character set 0x{info[0]:X2}; this reader decodes ISO 8859-1 and ASCII CD-Text only.");
            (firstTrack, lastTrack) = (info[1], info[2]);
        }
        else
        {
            // No size information: the track range is what the text packs mention.
            var mentioned = block.Where(p => p[0] != SizeInformation).Select(p => p[1] & 0x7F).Where(n => n > 0).DefaultIfEmpty(1).ToList();
            (firstTrack, lastTrack) = (mentioned.Min(), mentioned.Max());
        }
        if (firstTrack < 1 || lastTrack < firstTrack || lastTrack > CdTime.MaximumTracks)
            throw new AudioFileException($"{fileName} is damaged: its size information names tracks {firstTrack} to {lastTrack}.");

        var trackCount = lastTrack - firstTrack + 1;
        var perType = new Dictionary<byte, string?[]>();
        foreach (var type in TextTypes.Select(t => t.Type).Append(Codes))
        {
            var ofType = block.Where(p => p[0] == type).ToList();
            if (ofType.Count == 0) continue;
            perType[type] = SplitStrings(ofType, firstTrack, trackCount);
        }

        CdTextFields Fields(int slot) => new(
            Field(perType, Title, slot), Field(perType, Performer, slot), Field(perType, Songwriter, slot),
            Field(perType, Composer, slot), Field(perType, Arranger, slot), Field(perType, Message, slot));

        var tracks = Enumerable.Range(1, trackCount).Select(Fields).ToList();
        var isrcs = Enumerable.Range(1, trackCount).Select(slot => Field(perType, Codes, slot)).ToList();
        return new CdTextContent(Fields(0), firstTrack, tracks, Field(perType, Codes, 0), isrcs);
    }

    /// <summary>
    /// CRC-16 with the CCITT polynomial 0x1021, initial value 0, no reflection (the "XMODEM" variant). A CD-Text
    /// pack stores this value of its first 16 bytes inverted.
    /// </summary>
    public static ushort Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            crc &= 0xFFFF;
        }
        return (ushort)crc;
    }

    /// <summary>
    /// The ISO 8859-1 bytes of <paramref name="text"/> after the typographic replacements described on the
    /// class, or false with the reason ("has \"ř\" (U+0159), …") when a character can't be held.
    /// </summary>
    public static bool TryEncodeLatin1(string text, out byte[] bytes, out string? problem)
    {
        var normalised = text.Normalize(NormalizationForm.FormC);
        var result = new List<byte>(normalised.Length);
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            var replacement = c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => "'",
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => "\"",
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-",
                '\u2026' => "...",
                >= '\u2000' and <= '\u200A' or '\u202F' => " ",
                _ => null,
            };
            if (replacement is not null)
            {
                result.AddRange(Encoding.Latin1.GetBytes(replacement));
                continue;
            }
            if (c is < ' ' or (>= '\u007F' and <= '\u009F'))
            {
                bytes = [];
                problem = c is '\n' or '\r' ? "has a line break, which CD-Text can't hold; put it on one line"
                    : $"has an invisible control character (U+{(int)c:X4}), which CD-Text can't hold";
                return false;
            }
            if (c > '\u00FF')
            {
                var shown = char.IsSurrogatePair(normalised, i) ? normalised.Substring(i, 2) : c.ToString();
                var code = char.IsSurrogatePair(normalised, i) ? char.ConvertToUtf32(normalised, i) : c;
                bytes = [];
                problem = $"has \"{shown}\" (U+{code:X4}), which CD-Text can't hold: it is limited to Western European letters (ISO 8859-1). " +
                          "Spell it without that character, for example with the closest plain letter";
                return false;
            }
            result.Add((byte)c);
        }
        bytes = result.ToArray();
        problem = null;
        return true;
    }

    private static void CheckField(string? value, string where, List<string> problems)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (!TryEncodeLatin1(value, out _, out var problem)) problems.Add($"{where} \"{Printable(value)}\" {problem}.");
    }

    private static byte[] Latin1(string? value) =>
        string.IsNullOrEmpty(value) ? [] : TryEncodeLatin1(value, out var bytes, out _) ? bytes : throw new InvalidOperationException("Checked before encoding.");

    /// <summary>How many packs the programme's CD-Text takes, without building them.</summary>
    private static int CountPacks(CdProgramme programme)
    {
        var total = 3;
        foreach (var (_, _, get) in TextTypes)
        {
            var strings = programme.Tracks.Select(t => get(t.TextOrNone)).Prepend(get(programme.AlbumTextOrNone)).ToList();
            if (strings.All(string.IsNullOrEmpty)) continue;
            total += Ceiling(strings.Sum(s => Latin1(s).Length + 1));
        }
        var hasUpc = !string.IsNullOrWhiteSpace(programme.UpcEan);
        var isrcs = programme.Tracks.Count(t => !string.IsNullOrWhiteSpace(t.Isrc));
        if (hasUpc || isrcs > 0)
            total += Ceiling((hasUpc ? ReleaseCodes.CatalogueNumberLength : 0) + 1 + isrcs * ReleaseCodes.IsrcLength + programme.Tracks.Count);
        return total;
    }

    private static int Ceiling(int bytes) => (bytes + PayloadBytes - 1) / PayloadBytes;

    /// <summary>
    /// Cuts one type's strings (album first, then each track) into packs: the strings follow each other, each
    /// ended by NUL; byte 1 names the string that byte 4 belongs to, byte 3 how far into it byte 4 is.
    /// </summary>
    private static void AddStringPacks(List<byte[]> packs, byte type, IReadOnlyList<byte[]> strings, IReadOnlyList<CdTrack> tracks)
    {
        var stream = new List<byte>();
        var owner = new List<(int Start, int Track)>();
        for (var k = 0; k < strings.Count; k++)
        {
            owner.Add((stream.Count, k == 0 ? 0 : tracks[k - 1].Number));
            stream.AddRange(strings[k]);
            stream.Add(0);
        }

        for (var offset = 0; offset < stream.Count; offset += PayloadBytes)
        {
            var k = owner.FindLastIndex(o => o.Start <= offset);
            var pack = new byte[PackBytes];
            pack[0] = type;
            pack[1] = (byte)owner[k].Track;
            pack[3] = (byte)Math.Min(15, offset - owner[k].Start); // block 0, single-byte characters
            for (var j = 0; j < PayloadBytes && offset + j < stream.Count; j++) pack[4 + j] = stream[offset + j];
            packs.Add(pack);
        }
    }

    /// <summary>
    /// The three 0x8F packs: character set, first and last track, copyright flags (0), the number of packs of
    /// each type 0x80–0x8F (these three included), the last sequence number of each of the 8 blocks, and each
    /// block's language.
    /// </summary>
    private static void AddSizeInformation(List<byte[]> packs, IReadOnlyList<CdTrack> tracks)
    {
        var info = new byte[3 * PayloadBytes];
        info[0] = CharacterSetIso8859_1;
        info[1] = (byte)tracks[0].Number;
        info[2] = (byte)tracks[^1].Number;
        info[3] = 0;
        foreach (var p in packs) info[4 + (p[0] - 0x80)]++;
        info[4 + (SizeInformation - 0x80)] = 3;
        info[20] = (byte)(packs.Count + 3 - 1);
        info[28] = LanguageEnglish;
        for (var i = 0; i < 3; i++)
        {
            var pack = new byte[PackBytes];
            pack[0] = SizeInformation;
            pack[1] = (byte)i;
            info.AsSpan(i * PayloadBytes, PayloadBytes).CopyTo(pack.AsSpan(4));
            packs.Add(pack);
        }
    }

    private static void SealPack(byte[] pack) =>
        BinaryPrimitives.WriteUInt16BigEndian(pack.AsSpan(16), (ushort)~Crc(pack.AsSpan(0, 16)));

    /// <summary>One type's packs joined and cut at the NULs; slot 0 is the album, slot n the n-th track.</summary>
    private static string?[] SplitStrings(List<byte[]> ofType, int firstTrack, int trackCount)
    {
        var slots = new string?[trackCount + 1];
        var firstOwner = ofType[0][1] & 0x7F;
        var slot = firstOwner == 0 ? 0 : firstOwner - firstTrack + 1;
        var current = new List<byte>();
        foreach (var pack in ofType)
        {
            for (var j = 4; j < 4 + PayloadBytes; j++)
            {
                if (pack[j] != 0) { current.Add(pack[j]); continue; }
                if (slot >= 0 && slot < slots.Length)
                {
                    var text = Encoding.Latin1.GetString(current.ToArray());
                    // A lone TAB stands for "the same as the previous track".
                    if (text == "\t") text = slot > 1 ? slots[slot - 1] ?? "" : "";
                    slots[slot] = text.Length == 0 ? null : text;
                }
                current.Clear();
                slot++;
            }
        }
        return slots;
    }

    private static string? Field(Dictionary<byte, string?[]> perType, byte type, int slot) =>
        perType.TryGetValue(type, out var slots) && slot < slots.Length ? slots[slot] : null;

    private static string Packs(List<int> numbers, int count) =>
        (numbers.Count == 1 ? $"pack {numbers[0]}" : $"packs {string.Join(", ", numbers.Take(10))}{(numbers.Count > 10 ? ", …" : "")}") + $" of {count}";

    /// <summary>The value as it can be quoted in a message: line breaks and other control characters shown as spaces.</summary>
    private static string Printable(string value) =>
        new(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
