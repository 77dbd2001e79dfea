using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// Walks the chunks of a RIFF (little-endian sizes) or IFF/AIFF (big-endian sizes) file after its 12-byte head:
/// a bounded number of chunks, each body padded to an even length. The rules that keep a damaged header from being
/// misread live here once: unreadable bytes where a chunk should start, and a chunk claiming more bytes than the
/// file has, are refused before the audio is found and merely end the walk after it (the audio is complete).
/// </summary>
internal ref struct ChunkWalk
{
    private readonly Stream _stream;
    private readonly string _container;
    private readonly bool _bigEndian;
    private readonly long _fileLength;
    private readonly Span<byte> _header;
    private long _pos;
    private int _count;

    /// <param name="header">8 bytes of scratch for the chunk headers.</param>
    public ChunkWalk(Stream stream, string container, bool bigEndian, Span<byte> header)
    {
        _stream = stream;
        _container = container;
        _bigEndian = bigEndian;
        _fileLength = stream.Length;
        _header = header[..8];
        _pos = 12;
    }

    /// <summary>The four-character id of the current chunk.</summary>
    public readonly ReadOnlySpan<byte> Id => _header[..4];

    /// <summary>The current chunk's size field as written.</summary>
    public readonly uint DeclaredSize =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_header[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(_header[4..]);

    public readonly long BodyStart => _pos + 8;

    /// <summary>Bytes of the file from the body's start to its end (the body may claim more).</summary>
    public readonly long BodyAvailable => _fileLength - BodyStart;

    /// <summary>
    /// Reads the next chunk header, leaving the stream at its body. False when the file has no further chunk, or when
    /// unreadable bytes follow the audio (<paramref name="audioFound"/>); before the audio they are refused.
    /// </summary>
    public bool MoveNext(bool audioFound)
    {
        if (_count++ > FormatLimits.MaxChunks) throw AudioMessages.Damaged(_container, "its header is a maze of thousands of sections");
        if (_pos + 8 > _fileLength) return false;
        StreamReading.Seek(_stream, _pos);
        if (StreamReading.ReadUpTo(_stream, _header) < 8) return false;
        if (StreamReading.IsPrintableFourCc(Id)) return true;
        if (audioFound) return false; // garbage after the audio: the audio is complete, ignore it
        throw AudioMessages.Damaged(_container, "its header contains unreadable data where a section should start");
    }

    /// <summary>
    /// Steps past a body of <paramref name="size"/> bytes and its pad byte. False when that runs past the end of the
    /// file: then the walk ends, unless the audio is not found yet and the body itself (not only its pad byte) is missing.
    /// </summary>
    public bool Skip(long size, bool audioFound)
    {
        var next = BodyStart + size + (size & 1);
        if (next <= _fileLength)
        {
            _pos = next;
            return true;
        }
        if (audioFound) return false; // a chunk after the audio runs past the end: ignore it
        if (size > BodyAvailable)
            throw AudioMessages.Damaged(_container, $"its header section '{StreamReading.FourCc(Id)}' claims to be longer than the whole file");
        return false; // only the pad byte is missing
    }
}
