using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// What a tagged WAV holds, chunk by chunk, as <see cref="WavTagReader.ReadContents"/> found it: the merged
/// <see cref="Tags"/> and each place they came from, so a check can tell "the ISRC is in the iXML" from "the ISRC is
/// somewhere".
/// </summary>
/// <param name="Tags">Every field, taken from iXML first, then LIST-INFO, then bext/axml (see <see cref="WavTagReader"/>).</param>
/// <param name="Bext">The broadcast-wave chunk, or null.</param>
/// <param name="Info">The LIST-INFO entries by their four-character id ("INAM" → title …).</param>
/// <param name="IxmlUser">The key=value lines of the iXML USER element.</param>
/// <param name="IxmlProject">The iXML PROJECT element (the album).</param>
/// <param name="IxmlNote">The iXML NOTE element (the comment).</param>
/// <param name="AxmlIsrc">The ISRC of the axml chunk's EBUCore identifier (EBU Tech 3352), 12 characters, or null.</param>
public sealed record WavTagContents(
    ReleaseTags Tags,
    BextChunk? Bext,
    IReadOnlyDictionary<string, string> Info,
    IReadOnlyDictionary<string, string> IxmlUser,
    string? IxmlProject,
    string? IxmlNote,
    string? AxmlIsrc);

/// <summary>
/// Reads back the <see cref="ReleaseTags"/> that <see cref="WavTagWriter"/> wrote (and what other tools put in the same
/// places), for the tests and for checking a delivery before it goes out. Sources, most complete first:
/// <list type="number">
/// <item>iXML USER lines (UTF-8, every field, written by us);</item>
/// <item>iXML PROJECT (album) and NOTE (comment);</item>
/// <item>LIST-INFO: INAM title, IART artists, IPRD album, IMUS composer, ICRD year (its first four digits), ITRK or IPRT
/// track ("3" or "3/10"), ICMT comment;</item>
/// <item>the ISRC from the axml chunk (EBU Tech 3352), else from a bext Description starting with "ISRC:"; the label
/// from the bext Originator unless that is our own name.</item>
/// </list>
/// A code that is not a valid ISRC or UPC/EAN is ignored rather than returned. The chunks are found anywhere in the
/// file, before or after the audio, so the stream must be seekable.
/// </summary>
public static class WavTagReader
{
    /// <summary>The tags of the WAV file at <paramref name="path"/>.</summary>
    public static ReleaseTags Read(string path) => ReadContents(path).Tags;

    /// <summary>The tags of a WAV held in a readable, seekable stream.</summary>
    public static ReleaseTags Read(Stream source) => ReadContents(source).Tags;

    /// <summary>The tags of the WAV file at <paramref name="path"/>, and where each came from.</summary>
    public static WavTagContents ReadContents(string path)
    {
        using var stream = WavTagWriter.OpenInput(path);
        return ReadContents(stream);
    }

    /// <summary>
    /// The tags of a WAV held in a readable, seekable stream, and where each came from. A file that is not a WAV, or whose
    /// header is damaged, is refused with an <see cref="AudioFileException"/> (the same sentences as the writer's).
    /// </summary>
    public static WavTagContents ReadContents(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead || !source.CanSeek) throw new ArgumentException("The stream must be readable and seekable.", nameof(source));
        var wav = WavSourceReader.ReadAsync(source, sync: true, lookAfterData: true, CancellationToken.None).GetAwaiter().GetResult();

        var info = wav.InfoList is { } list ? WavTagChunks.ParseInfo(list) : new Dictionary<string, string>();
        var (project, note, user) = wav.Ixml is { } ixml ? WavTagChunks.ParseIxml(ixml) : (null, null, new Dictionary<string, string>());
        var axmlIsrc = wav.Axml is { } axml ? WavTagChunks.ParseAxmlIsrc(axml) : null;

        string? U(string key) => user.TryGetValue(key, out var v) ? ReleaseTags.Text(v, keepLineBreaks: key == "COMMENT") : null;
        string? I(string key) => info.TryGetValue(key, out var v) ? ReleaseTags.Text(v, keepLineBreaks: key == "ICMT") : null;

        var (infoTrack, infoTotal) = ParseTrack(I("ITRK") ?? I("IPRT"));
        var bextLabel = wav.Bext?.Originator is { Length: > 0 } originator && originator != ReleaseTags.Software ? originator : null;
        var tags = new ReleaseTags(
            Title: U("TITLE") ?? I("INAM"),
            Artists: U("ARTIST") ?? I("IART"),
            Album: U("ALBUM") ?? ReleaseTags.Text(project) ?? I("IPRD"),
            AlbumArtist: U("ALBUMARTIST"),
            Composer: U("COMPOSER") ?? I("IMUS"),
            Year: ParseYear(U("YEAR")) ?? ParseYear(I("ICRD")),
            Label: U("LABEL") ?? ReleaseTags.Text(bextLabel),
            Isrc: Isrc(U("ISRC")) ?? axmlIsrc ?? WavTagChunks.IsrcFromDescription(wav.Bext?.Description),
            Upc: ReleaseCodes.TryNormaliseUpcEan(U("UPC"), out var upc, out _) ? upc : null,
            TrackNumber: ParseNumber(U("TRACKNUMBER")) ?? infoTrack,
            TrackTotal: ParseNumber(U("TRACKTOTAL")) ?? infoTotal,
            Comment: U("COMMENT") ?? ReleaseTags.Text(note, keepLineBreaks: true) ?? I("ICMT"));
        return new WavTagContents(tags, wav.Bext, info, user, project, note, axmlIsrc);
    }

    private static string? Isrc(string? text) => ReleaseCodes.TryNormaliseIsrc(text, out var isrc, out _) ? isrc : null;

    private static int? ParseNumber(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static int? ParseYear(string? text) =>
        text is { Length: >= 4 } && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 1000 ? y : null;

    /// <summary>"3" or "3/10" (spaces allowed around the slash).</summary>
    private static (int? Number, int? Total) ParseTrack(string? text)
    {
        if (text is null) return (null, null);
        var slash = text.IndexOf('/');
        return slash < 0 ? (ParseNumber(text.Trim()), null) : (ParseNumber(text[..slash].Trim()), ParseNumber(text[(slash + 1)..].Trim()));
    }
}

/// <summary>
/// The bodies of the metadata chunks <see cref="WavTagWriter"/> writes, and their parsers. Layouts and sources:
/// <list type="bullet">
/// <item><c>bext</c> (EBU Tech 3285 v2): Description "ISRC:" + the 12 characters (the ISRC form of EBU Tech 3352);
/// Originator the label in ASCII, max 32 characters, else "MasteringPortal"; the rest kept from the source.</item>
/// <item><c>LIST</c>/<c>INFO</c> (Microsoft/IBM RIFF 1991, section 2 "INFO list chunk"): UTF-8 strings, each ended by a
/// NUL (counted in the sub-chunk size) and padded to even length.</item>
/// <item><c>iXML</c> (iXML specification, version 2.10): UTF-8 XML, root BWFXML.</item>
/// <item><c>axml</c> (EBU Tech 3285 supplement 5; content per EBU Tech 3352): an EBUCore document whose
/// <c>dc:identifier</c> is "ISRC:" + the code.</item>
/// </list>
/// </summary>
internal static class WavTagChunks
{
    /// <summary>What precedes the code in bext Description and in the axml identifier.</summary>
    public const string IsrcPrefix = "ISRC:";

    /// <summary>The iXML version we write (the current one of the iXML specification).</summary>
    public const string IxmlVersion = "2.10";

    private const int DescriptionChars = 256;
    private const int OriginatorChars = 32;

    private static readonly XNamespace EbuCore = "urn:ebu:metadata-schema:ebuCore_2012";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The delivery copy's bext chunk: the source's (loudness, coding history, time reference, UMID, originator reference
    /// and origination date/time kept) with a new Description and Originator, or a fresh version 2 chunk dated
    /// <paramref name="utcNow"/> when the source had none. A source chunk without an origination date gets that date too.
    /// </summary>
    public static BextChunk Bext(BextChunk? source, ReleaseTags tags, DateTime utcNow)
    {
        var bext = source ?? new BextChunk();
        var undated = string.IsNullOrWhiteSpace(bext.OriginationDate);
        var originator = Cut(ReleaseTags.ToAscii(tags.Label), OriginatorChars);
        return bext with
        {
            Description = Description(tags),
            Originator = originator.Length > 0 ? originator : ReleaseTags.Software,
            OriginationDate = undated ? utcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : bext.OriginationDate,
            OriginationTime = undated ? utcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : bext.OriginationTime,
            // Version 2 makes the loudness fields meaningful (0x7FFF = not measured) instead of reserved bytes.
            Version = Math.Max(bext.Version, (ushort)2),
        };
    }

    /// <summary>
    /// "ISRC:GBABC2400001" when there is an ISRC, and nothing else, so a program that reads the code from the Description
    /// finds exactly 12 characters after the colon. Without an ISRC: "Artists - Title" in ASCII (the source's old
    /// description is not kept: it may name an older ISRC or version).
    /// </summary>
    public static string Description(ReleaseTags tags)
    {
        if (tags.Isrc is { } isrc) return IsrcPrefix + isrc;
        var summary = string.Join(" - ", new[] { tags.Artists, tags.Title }.Where(s => s is not null));
        return Cut(ReleaseTags.ToAscii(summary), DescriptionChars);
    }

    /// <summary>The ISRC of a Description that starts with "ISRC:" (spaces and hyphens allowed in the code), or null.</summary>
    public static string? IsrcFromDescription(string? description)
    {
        if (description is null) return null;
        var text = description.TrimStart();
        if (!text.StartsWith(IsrcPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        var code = text[IsrcPrefix.Length..].Trim();
        var end = code.IndexOfAny([';', ',', '\r', '\n']);
        if (end >= 0) code = code[..end];
        return ReleaseCodes.TryNormaliseIsrc(code, out var isrc, out _) ? isrc : null;
    }

    /// <summary>
    /// The LIST chunk body ("INFO" and its entries): INAM title, IART artists, IPRD album, IMUS composer, ICRD year,
    /// ITRK track ("3" or "3/10"), ICMT comment, ISFT "MasteringPortal". Empty fields are left out; ISFT is always there.
    /// </summary>
    public static byte[] InfoList(ReleaseTags tags)
    {
        var body = new MemoryStream();
        body.Write("INFO"u8);
        void Add(string id, string? value)
        {
            if (value is null) return;
            var text = Encoding.UTF8.GetBytes(value);
            Span<byte> header = stackalloc byte[8];
            Encoding.ASCII.GetBytes(id, header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(text.Length + 1));
            body.Write(header);
            body.Write(text);
            body.WriteByte(0);
            if (((text.Length + 1) & 1) == 1) body.WriteByte(0);
        }
        Add("INAM", tags.Title);
        Add("IART", tags.Artists);
        Add("IPRD", tags.Album);
        Add("IMUS", tags.Composer);
        Add("ICRD", tags.YearText);
        Add("ITRK", tags.TrackText);
        Add("ICMT", tags.Comment);
        Add("ISFT", ReleaseTags.Software);
        return body.ToArray();
    }

    /// <summary>
    /// The entries of a LIST-INFO body (starting with "INFO") by id; each value's trailing NULs removed, read as UTF-8 or,
    /// when that fails, as Latin-1 (what older Windows tools wrote). A damaged entry ends the list.
    /// </summary>
    public static Dictionary<string, string> ParseInfo(ReadOnlySpan<byte> list)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (list.Length < 4 || !list[..4].SequenceEqual("INFO"u8)) return entries;
        var pos = 4;
        while (pos + 8 <= list.Length)
        {
            var id = list.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(list[(pos + 4)..]);
            if (!StreamReading.IsPrintableFourCc(id) || size > list.Length - pos - 8) break;
            var value = list.Slice(pos + 8, (int)size);
            var end = value.IndexOf((byte)0);
            if (end >= 0) value = value[..end];
            entries.TryAdd(Encoding.ASCII.GetString(id), Decode(value));
            pos += 8 + (int)size + (int)(size & 1);
        }
        return entries;
    }

    /// <summary>
    /// The iXML document: IXML_VERSION, PROJECT (album), NOTE (comment) and USER, one "KEY=value" line per field:
    /// TITLE, ARTIST, ALBUM, ALBUMARTIST, COMPOSER, YEAR, LABEL, ISRC, UPC, TRACKNUMBER, TRACKTOTAL, COMMENT. In a value a
    /// backslash is written "\\" and a line break "\n", so every field stays on its line. XML-escaped by the writer.
    /// </summary>
    public static byte[] Ixml(ReleaseTags tags)
    {
        var lines = new List<string>();
        void Line(string key, string? value)
        {
            if (value is not null) lines.Add(key + "=" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        }
        Line("TITLE", tags.Title);
        Line("ARTIST", tags.Artists);
        Line("ALBUM", tags.Album);
        Line("ALBUMARTIST", tags.AlbumArtist);
        Line("COMPOSER", tags.Composer);
        Line("YEAR", tags.YearText);
        Line("LABEL", tags.Label);
        Line("ISRC", tags.Isrc);
        Line("UPC", tags.Upc);
        Line("TRACKNUMBER", tags.TrackNumber?.ToString(CultureInfo.InvariantCulture));
        Line("TRACKTOTAL", tags.TrackTotal?.ToString(CultureInfo.InvariantCulture));
        Line("COMMENT", tags.Comment);

        var root = new XElement("BWFXML", new XElement("IXML_VERSION", IxmlVersion));
        if (tags.Album is { } album) root.Add(new XElement("PROJECT", album));
        if (tags.Comment is { } comment) root.Add(new XElement("NOTE", comment));
        if (lines.Count > 0) root.Add(new XElement("USER", string.Join('\n', lines)));
        return Xml(root);
    }

    /// <summary>PROJECT, NOTE and the USER key=value lines of an iXML document; nothing when it is not well-formed XML.</summary>
    public static (string? Project, string? Note, Dictionary<string, string> User) ParseIxml(byte[] body)
    {
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ParseXml(body) is not { Root: { } root }) return (null, null, user);
        var project = root.Element("PROJECT")?.Value;
        var note = root.Element("NOTE")?.Value;
        foreach (var raw in (root.Element("USER")?.Value ?? "").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            user.TryAdd(line[..eq].Trim(), Unescape(line[(eq + 1)..]));
        }
        return (project, note, user);
    }

    /// <summary>
    /// The axml chunk of EBU Tech 3352 ("Identifiers in BWF"): an EBUCore document with one identifier whose format is
    /// ISRC and whose <c>dc:identifier</c> is "ISRC:" + the code; null without an ISRC.
    /// </summary>
    public static byte[]? Axml(string? isrc)
    {
        if (isrc is null) return null;
        var root = new XElement(EbuCore + "ebuCoreMain",
            new XAttribute(XNamespace.Xmlns + "dc", DublinCore.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ebucore", EbuCore.NamespaceName),
            new XElement(EbuCore + "coreMetadata",
                new XElement(EbuCore + "identifier",
                    new XAttribute("typeLabel", "GUID"),
                    new XAttribute("typeDefinition", "Globally Unique Identifier"),
                    new XAttribute("formatLabel", "ISRC"),
                    new XAttribute("formatDefinition", "International Standard Recording Code"),
                    new XAttribute("formatLink", "http://www.ebu.ch/metadata/cs/ebu_IdentifierTypeCodeCS.xml#3.7"),
                    new XElement(DublinCore + "identifier", IsrcPrefix + isrc))));
        return Xml(root);
    }

    /// <summary>The first Dublin Core identifier of an axml document that is an ISRC ("ISRC:" + a valid code), or null.</summary>
    public static string? ParseAxmlIsrc(byte[] body)
    {
        if (ParseXml(body) is not { Root: { } root }) return null;
        foreach (var id in root.Descendants(DublinCore + "identifier"))
            if (IsrcFromDescription(id.Value) is { } isrc) return isrc;
        return null;
    }

    private static byte[] Xml(XElement root)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            NewLineChars = "\n",
            OmitXmlDeclaration = true, // written below: XmlWriter would spell the encoding "utf-8"
        };
        var bytes = new MemoryStream();
        bytes.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
        using (var writer = XmlWriter.Create(bytes, settings)) root.Save(writer);
        return bytes.ToArray();
    }

    /// <summary>An XML chunk read without DTDs or external entities (the file is untrusted); null when it is not XML.</summary>
    private static XDocument? ParseXml(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = WavSourceReader.MaxMetadataChunkBytes * 2L,
        };
        try
        {
            // Recorders pad XML chunks with NULs or spaces after the document.
            var length = body.Length;
            while (length > 0 && body[length - 1] is 0 or (byte)' ' or (byte)'\n' or (byte)'\r') length--;
            using var reader = XmlReader.Create(new MemoryStream(body, 0, length), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\')) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                sb.Append(next switch { 'n' => '\n', _ => next });
            }
            else sb.Append(value[i]);
        }
        return sb.ToString();
    }

    private static string Decode(ReadOnlySpan<byte> value)
    {
        try
        {
            return Utf8Strict.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(value);
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd();
}
