using System.Buffers.Binary;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// A file header assembled in memory before it is written, with its integers in the container's byte order
/// (little-endian for RIFF/WAV, big-endian for IFF/AIFF); also patches a size field in place once the size is known.
/// </summary>
internal sealed class HeaderBytes(bool bigEndian, int capacity)
{
    private readonly List<byte> _bytes = new(capacity);

    /// <summary>Bytes so far: the offset of whatever is put next.</summary>
    public int Count => _bytes.Count;

    public void Put(ReadOnlySpan<byte> bytes)
    {
        foreach (var x in bytes) _bytes.Add(x);
    }

    public void Put(byte value) => _bytes.Add(value);

    public void PutZeros(int count)
    {
        for (var i = 0; i < count; i++) _bytes.Add(0);
    }

    public void PutU32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Put(b);
    }

    public void PutU16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Put(b);
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Overwrites the 32-bit field at <paramref name="position"/> of an already written file.</summary>
    public static void WriteU32At(Stream stream, long position, uint value, bool bigEndian)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        stream.Position = position;
        stream.Write(b);
    }
}
