using System.Text;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// The fixed-width records of a DDP 2.00 image (Disc Description Protocol, DCA), shared by
/// <see cref="DdpWriter"/> and <see cref="DdpReader"/>. DDPID, DDPMS and the PQ descriptor are plain ASCII:
/// text fields left-aligned and padded with spaces, number fields decimal and right-aligned (we pad with zeros,
/// as Sonoris and HOFA do; readers must also accept spaces, as cue2ddp writes), unset fields all spaces,
/// no separators or line ends. The field names in comments are the short names DDP tools print.
/// </summary>
internal static class DdpFormat
{
    public const string IdFile = "DDPID";
    public const string MapFile = "DDPMS";
    public const string ImageFile = "IMAGE.DAT";
    public const string PqFile = "PQDESCR";
    public const string CdTextFile = "CDTEXT.BIN";
    public const string ChecksumFile = "CHECKSUM.MD5";

    public const string Level = "DDP 2.00";
    public const int IdBytes = 128;
    public const int MapPacketBytes = 128;
    public const int PqPacketBytes = 64;

    /// <summary>A field: where it starts in its record and how wide it is.</summary>
    public readonly record struct Field(int Offset, int Width);

    // DDPID: the one 128-byte identifier record.
    public static readonly Field IdLevel = new(0, 8);          // DDPID: "DDP 2.00"
    public static readonly Field IdUpc = new(8, 13);           // UPC: the disc's catalogue number
    public static readonly Field IdMasterId = new(38, 48);     // MID: free text, never on the disc
    public static readonly Field IdDiscType = new(87, 2);      // TYPE: "CD"

    // DDPMS: one 128-byte map packet per stream.
    public const string MapMarker = "VVVM";
    public static readonly Field MapValid = new(0, 4);         // MPV
    public static readonly Field MapStreamType = new(4, 2);    // DST: D0 main data, S0 subcode
    public static readonly Field MapLength = new(14, 8);       // DSL: sectors for D0, bytes for S0
    public static readonly Field MapSubcode = new(30, 8);      // SUB: "PQ DESCR" or "CDTEXT"
    public static readonly Field MapCdMode = new(38, 2);       // CDM: "DA" for audio
    public static readonly Field MapStorageMode = new(40, 1);  // SSM: 7 = complete 2352-byte sectors
    public static readonly Field MapScrambled = new(41, 1);    // SCR: 0 = not scrambled
    public static readonly Field MapPregap2 = new(46, 4);      // PRE2: sectors of track 1's pause in the stream
    public static readonly Field MapTrack = new(55, 2);        // TRK
    public static readonly Field MapNameSize = new(71, 3);     // SIZ: width of DSI, 17
    public static readonly Field MapName = new(74, 17);        // DSI: the stream's file name
    public static readonly Field MapFileOffset = new(104, 9);  // OFS: bytes to skip at the start of the file

    // PQ descriptor: one 64-byte packet per index point, plus lead-in and lead-out.
    public const string PqMarker = "VVVS";
    public static readonly Field PqValid = new(0, 4);          // SPV
    public static readonly Field PqTrack = new(4, 2);          // 00 lead-in, 01–99, AA lead-out
    public static readonly Field PqIndex = new(6, 2);
    public static readonly Field PqHours = new(8, 2);          // always 00 on a CD
    public static readonly Field PqMinutes = new(10, 2);
    public static readonly Field PqSeconds = new(12, 2);
    public static readonly Field PqFrames = new(14, 2);
    public static readonly Field PqControl = new(16, 2);       // C1: Q control nibble in hex, then ADR "1" (or "S" for SCMS)
    public static readonly Field PqIsrc = new(20, 12);
    public static readonly Field PqUpc = new(32, 13);

    public const string LeadInTrack = "00";
    public const string LeadOutTrack = "AA";

    /// <summary>A record of <paramref name="bytes"/> spaces, to fill in.</summary>
    public static byte[] Blank(int bytes)
    {
        var record = new byte[bytes];
        record.AsSpan().Fill((byte)' ');
        return record;
    }

    /// <summary>Puts ASCII text left-aligned; text longer than the field is a bug (callers check first).</summary>
    public static void PutText(byte[] record, Field field, string text)
    {
        if (text.Length > field.Width) throw new ArgumentException($"\"{text}\" doesn't fit a {field.Width}-character field.", nameof(text));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~') throw new ArgumentException($"\"{text}\" has a character that isn't printable ASCII.", nameof(text));
            record[field.Offset + i] = (byte)c;
        }
    }

    /// <summary>Puts a number right-aligned and zero-padded.</summary>
    public static void PutNumber(byte[] record, Field field, long value)
    {
        var digits = value.ToString(new string('0', field.Width), System.Globalization.CultureInfo.InvariantCulture);
        if (value < 0 || digits.Length > field.Width) throw new ArgumentOutOfRangeException(nameof(value), value, $"Doesn't fit {field.Width} digits.");
        PutText(record, field, digits);
    }

    /// <summary>The field's text with the padding spaces removed (bytes outside ASCII read as ISO 8859-1, never thrown on).</summary>
    public static string Text(ReadOnlySpan<byte> record, Field field) =>
        Encoding.Latin1.GetString(record.Slice(field.Offset, field.Width)).Trim(' ', '\0');

    /// <summary>The field as it is, for messages: trailing padding removed, control characters shown as '?'.</summary>
    public static string Raw(ReadOnlySpan<byte> record, Field field) =>
        new(Encoding.Latin1.GetString(record.Slice(field.Offset, field.Width)).TrimEnd(' ', '\0').Select(c => c is < ' ' or > '~' ? '?' : c).ToArray());

    /// <summary>
    /// A decimal number field, padded with spaces or zeros: null when the field is blank, false when it holds
    /// anything but digits (or doesn't fit a long).
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<byte> record, Field field, out long? value)
    {
        value = null;
        var text = Text(record, field);
        if (text.Length == 0) return true;
        long n = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9' || n > (long.MaxValue - 9) / 10) return false;
            n = n * 10 + (c - '0');
        }
        value = n;
        return true;
    }
}
