namespace MasteringPortal.Audio.IO;

/// <summary>What a file's first bytes say it is (the extension is never trusted).</summary>
public enum SniffedKind
{
    Empty,
    Wav,
    Aiff,
    /// <summary>An audio format decoded through ffmpeg; <see cref="SniffResult.FormatName"/> names it.</summary>
    Compressed,
    /// <summary>Recognisably not audio (an image, a document, text); <see cref="SniffResult.FormatName"/> says what it looks like.</summary>
    NotAudio,
    /// <summary>No signature we know: ffmpeg may still recognise it.</summary>
    Unknown,
}

public readonly record struct SniffResult(SniffedKind Kind, string FormatName);

/// <summary>Recognises a file by its magic bytes.</summary>
public static class FormatSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeadBytes = 64;

    public static SniffResult Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return new(SniffedKind.Empty, "empty");
        if (head.Length >= 12)
        {
            var riffLike = head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8);
            var form = head.Slice(8, 4);
            if (riffLike && form.SequenceEqual("WAVE"u8)) return new(SniffedKind.Wav, "WAV");
            if (riffLike && form.SequenceEqual("AVI "u8)) return new(SniffedKind.NotAudio, "an AVI video");
            if (riffLike && form.SequenceEqual("WEBP"u8)) return new(SniffedKind.NotAudio, "a WebP image");
            if (head[..4].SequenceEqual("FORM"u8) && (form.SequenceEqual("AIFF"u8) || form.SequenceEqual("AIFC"u8)))
                return new(SniffedKind.Aiff, "AIFF");
            if (head.Slice(4, 4).SequenceEqual("ftyp"u8))
            {
                var brand = head.Slice(8, 4);
                if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("avif"u8) || brand.SequenceEqual("mif1"u8))
                    return new(SniffedKind.NotAudio, "an HEIC/AVIF image");
                if (brand.SequenceEqual("qt  "u8)) return new(SniffedKind.Compressed, "QuickTime");
                return new(SniffedKind.Compressed, "AAC/M4A");
            }
        }
        // A RIFF/FORM file cut inside its first 12 bytes: let the parser say it ends early.
        if (head.Length < 12 && (head.StartsWith("RIFF"u8) || head.StartsWith("RF64"u8) || head.StartsWith("BW64"u8))) return new(SniffedKind.Wav, "WAV");
        if (head.Length < 12 && head.StartsWith("FORM"u8)) return new(SniffedKind.Aiff, "AIFF");
        if (head.StartsWith("fLaC"u8)) return new(SniffedKind.Compressed, "FLAC");
        if (head.StartsWith("OggS"u8))
        {
            if (head.IndexOf("OpusHead"u8) >= 0) return new(SniffedKind.Compressed, "Opus");
            if (head.IndexOf("vorbis"u8) >= 0) return new(SniffedKind.Compressed, "Ogg Vorbis");
            return new(SniffedKind.Compressed, "Ogg");
        }
        if (head.StartsWith("ID3"u8)) return new(SniffedKind.Compressed, "MP3");
        if (head.StartsWith("caff"u8)) return new(SniffedKind.Compressed, "CAF");
        if (head.StartsWith("wvpk"u8)) return new(SniffedKind.Compressed, "WavPack");
        if (head.StartsWith("MAC "u8)) return new(SniffedKind.Compressed, "Monkey's Audio");
        if (head.StartsWith("DSD "u8) || head.StartsWith("FRM8"u8)) return new(SniffedKind.Compressed, "DSD");
        if (head.StartsWith("#!AMR"u8)) return new(SniffedKind.Compressed, "AMR");
        if (head.Length >= 4 && head[0] == 0x89 && head[1..4].SequenceEqual("PNG"u8))
            return new(SniffedKind.NotAudio, "a PNG image");
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return new(SniffedKind.NotAudio, "a JPEG image");
        if (head.StartsWith("GIF8"u8)) return new(SniffedKind.NotAudio, "a GIF image");
        if (head.StartsWith("%PDF"u8)) return new(SniffedKind.NotAudio, "a PDF document");
        if (head.StartsWith("PK\u0003\u0004"u8)) return new(SniffedKind.NotAudio, "a ZIP archive (or an Office document)");
        if (head.StartsWith("Rar!"u8)) return new(SniffedKind.NotAudio, "a RAR archive");
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B) return new(SniffedKind.NotAudio, "a gzip archive");
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return new(SniffedKind.NotAudio, "a TIFF image");
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            // MPEG audio frame sync: layer bits 00 = ADTS AAC, otherwise MPEG layer I/II/III.
            var layer = (head[1] >> 1) & 0x3;
            if (layer == 0) return new(SniffedKind.Compressed, "AAC");
            if (layer != 0) return new(SniffedKind.Compressed, "MP3");
        }
        if (LooksLikeText(head))
        {
            var trimmed = head.TrimStart(" \t\r\n"u8);
            if (trimmed.StartsWith("<"u8)) return new(SniffedKind.NotAudio, "a web page or XML document");
            if (trimmed.StartsWith("{"u8) || trimmed.StartsWith("["u8)) return new(SniffedKind.NotAudio, "a JSON text file");
            return new(SniffedKind.NotAudio, "a text document");
        }
        return new(SniffedKind.Unknown, "unknown");
    }

    /// <summary>Printable ASCII, whitespace or UTF-8 multi-byte sequences only (a UTF-8 BOM allowed).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) head = head[3..];
        foreach (var b in head)
        {
            if (b is 0x09 or 0x0A or 0x0D) continue;
            if (b < 0x20 || b == 0x7F) return false; // bytes >= 0x80: UTF-8 text (binary audio has control bytes early)
        }
        return true;
    }
}
