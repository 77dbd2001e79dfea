using System.Buffers.Binary;
using System.Text;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// The Broadcast Wave Format `bext` chunk, EBU Tech 3285 version 2. Loudness fields are in LUFS / LU /
/// dBTP and null when absent: version 0/1 chunks have no loudness fields, and Tech 3285 v2 marks an
/// unused field with the value 0x7FFF. On disk each loudness value is an int16 holding round(value x 100).
/// </summary>
public sealed record BextChunk
{
    /// <summary>Fixed part of the chunk in bytes (Tech 3285 v2, section 2.3); the coding history follows.</summary>
    public const int FixedSizeBytes = 602;

    /// <summary>Tech 3285 v2: "not used" marker for the loudness fields.</summary>
    public const short LoudnessNotSet = 0x7FFF;

    /// <summary>We never read more coding history than this, whatever the chunk size claims.</summary>
    public const int MaxCodingHistoryBytes = 64 * 1024;

    public string Description { get; init; } = "";            // 256 ASCII
    public string Originator { get; init; } = "";             // 32
    public string OriginatorReference { get; init; } = "";    // 32
    public string OriginationDate { get; init; } = "";        // 10, yyyy-mm-dd
    public string OriginationTime { get; init; } = "";        // 8, hh:mm:ss

    /// <summary>First sample's position, in samples since midnight (TimeReferenceLow/High).</summary>
    public ulong TimeReferenceSamples { get; init; }

    public ushort Version { get; init; } = 2;

    /// <summary>SMPTE 330M UMID, 64 bytes (all zero when unused).</summary>
    public byte[] Umid { get; init; } = new byte[64];

    /// <summary>Integrated loudness, LUFS.</summary>
    public double? LoudnessValueLufs { get; init; }

    /// <summary>Loudness range, LU.</summary>
    public double? LoudnessRangeLu { get; init; }

    /// <summary>Maximum true peak level, dBTP.</summary>
    public double? MaxTruePeakLevelDbtp { get; init; }

    /// <summary>Highest momentary loudness, LUFS.</summary>
    public double? MaxMomentaryLoudnessLufs { get; init; }

    /// <summary>Highest short-term loudness, LUFS.</summary>
    public double? MaxShortTermLoudnessLufs { get; init; }

    public string CodingHistory { get; init; } = "";

    /// <summary>Parses a chunk body already read into memory (at most FixedSizeBytes + MaxCodingHistoryBytes long).</summary>
    public static BextChunk Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < FixedSizeBytes) throw AudioMessages.Damaged("WAV", "its broadcast-wave (bext) information is cut short");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(body[346..]);
        var hasLoudness = version >= 2;
        return new BextChunk
        {
            Description = Text(body[..256]),
            Originator = Text(body.Slice(256, 32)),
            OriginatorReference = Text(body.Slice(288, 32)),
            OriginationDate = Text(body.Slice(320, 10)),
            OriginationTime = Text(body.Slice(330, 8)),
            TimeReferenceSamples = BinaryPrimitives.ReadUInt32LittleEndian(body[338..])
                | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(body[342..]) << 32,
            Version = version,
            Umid = body.Slice(348, 64).ToArray(),
            LoudnessValueLufs = hasLoudness ? Loudness(body[412..]) : null,
            LoudnessRangeLu = hasLoudness ? Loudness(body[414..]) : null,
            MaxTruePeakLevelDbtp = hasLoudness ? Loudness(body[416..]) : null,
            MaxMomentaryLoudnessLufs = hasLoudness ? Loudness(body[418..]) : null,
            MaxShortTermLoudnessLufs = hasLoudness ? Loudness(body[420..]) : null,
            CodingHistory = Text(body[FixedSizeBytes..]),
        };
    }

    /// <summary>The chunk body (without the 8-byte chunk header), ASCII fields truncated to their widths.</summary>
    public byte[] ToBytes()
    {
        var history = Encoding.ASCII.GetBytes(CodingHistory);
        var body = new byte[FixedSizeBytes + history.Length];
        var span = body.AsSpan();
        PutText(span[..256], Description);
        PutText(span.Slice(256, 32), Originator);
        PutText(span.Slice(288, 32), OriginatorReference);
        PutText(span.Slice(320, 10), OriginationDate);
        PutText(span.Slice(330, 8), OriginationTime);
        BinaryPrimitives.WriteUInt32LittleEndian(span[338..], (uint)TimeReferenceSamples);
        BinaryPrimitives.WriteUInt32LittleEndian(span[342..], (uint)(TimeReferenceSamples >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(span[346..], Version);
        Umid.AsSpan(0, Math.Min(64, Umid.Length)).CopyTo(span.Slice(348, 64));
        BinaryPrimitives.WriteInt16LittleEndian(span[412..], ToStored(LoudnessValueLufs));
        BinaryPrimitives.WriteInt16LittleEndian(span[414..], ToStored(LoudnessRangeLu));
        BinaryPrimitives.WriteInt16LittleEndian(span[416..], ToStored(MaxTruePeakLevelDbtp));
        BinaryPrimitives.WriteInt16LittleEndian(span[418..], ToStored(MaxMomentaryLoudnessLufs));
        BinaryPrimitives.WriteInt16LittleEndian(span[420..], ToStored(MaxShortTermLoudnessLufs));
        history.CopyTo(span[FixedSizeBytes..]);
        return body;
    }

    /// <summary>round(value x 100) as int16; values outside the int16 range clip, null is "not set".</summary>
    public static short ToStored(double? value)
    {
        if (value is not { } v || double.IsNaN(v)) return LoudnessNotSet;
        var hundredths = Math.Round(v * 100.0, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(hundredths, short.MinValue, short.MaxValue - 1);
    }

    private static double? Loudness(ReadOnlySpan<byte> at)
    {
        var stored = BinaryPrimitives.ReadInt16LittleEndian(at);
        return stored == LoudnessNotSet ? null : stored / 100.0;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        if (end >= 0) field = field[..end];
        var sb = new StringBuilder(field.Length);
        foreach (var b in field) sb.Append(b is >= 0x20 and < 0x7F or (byte)'\r' or (byte)'\n' ? (char)b : '?');
        return sb.ToString();
    }

    private static void PutText(Span<byte> field, string text)
    {
        var n = Math.Min(field.Length, text.Length);
        for (var i = 0; i < n; i++) field[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
    }
}
