using System.Buffers.Binary;
using System.Text;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>
/// Builds RIFF/RF64 and FORM (AIFF) files byte by byte, independently of the product's writers, so the
/// bad-input corpus can lie in exactly the way each case needs (wrong sizes, missing chunks, ...).
/// </summary>
internal sealed class ChunkFileBuilder
{
    private readonly MemoryStream _bytes = new();
    private readonly bool _bigEndian;

    private ChunkFileBuilder(bool bigEndian) => _bigEndian = bigEndian;

    public static ChunkFileBuilder Riff(string magic = "RIFF", uint? declaredSize = null) =>
        new ChunkFileBuilder(false).Id(magic).U32(declaredSize ?? 0).Id("WAVE");

    public static ChunkFileBuilder Form(string type = "AIFF") => new ChunkFileBuilder(true).Id("FORM").U32(0).Id(type);

    public ChunkFileBuilder Id(string fourCc)
    {
        _bytes.Write(Encoding.ASCII.GetBytes(fourCc));
        return this;
    }

    public ChunkFileBuilder U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public ChunkFileBuilder U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public ChunkFileBuilder U64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public ChunkFileBuilder Bytes(ReadOnlySpan<byte> b)
    {
        _bytes.Write(b);
        return this;
    }

    /// <summary>A chunk whose size field says <paramref name="declaredSize"/> (default: the body's true length), padded to even.</summary>
    public ChunkFileBuilder Chunk(string id, ReadOnlySpan<byte> body, uint? declaredSize = null, bool pad = true)
    {
        Id(id).U32(declaredSize ?? (uint)body.Length).Bytes(body);
        if (pad && (body.Length & 1) == 1) _bytes.WriteByte(0);
        return this;
    }

    /// <summary>A plain PCM/float `fmt ` chunk (16 bytes).</summary>
    public ChunkFileBuilder Fmt(ushort tag, int channels, uint rateHz, int bits, int? blockAlign = null)
    {
        var align = blockAlign ?? channels * ((bits + 7) / 8);
        var body = new ChunkFileBuilder(false).U16(tag).U16((ushort)channels).U32(rateHz).U32((uint)(rateHz * align))
            .U16((ushort)align).U16((ushort)bits).ToArray();
        return Chunk("fmt ", body);
    }

    /// <summary>An AIFF COMM chunk (18 bytes, or 22+ for AIFF-C with a compression type).</summary>
    public ChunkFileBuilder Comm(int channels, uint frames, int bits, ReadOnlySpan<byte> rate80, string? compression = null, uint? declaredSize = null)
    {
        var body = new ChunkFileBuilder(true).U16((ushort)channels).U32(frames).U16((ushort)bits).Bytes(rate80);
        if (compression is not null) body.Id(compression).Bytes([0, 0]);
        return Chunk("COMM", body.ToArray(), declaredSize);
    }

    /// <summary>The RIFF/FORM size field is set to the true length unless <paramref name="keepSize"/>.</summary>
    public byte[] ToArray(bool keepSize = false)
    {
        var a = _bytes.ToArray();
        if (!keepSize && a.Length >= 8 && (a.AsSpan(0, 4).SequenceEqual("RIFF"u8) || a.AsSpan(0, 4).SequenceEqual("FORM"u8)))
        {
            if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(a.AsSpan(4), (uint)(a.Length - 8));
            else BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4), (uint)(a.Length - 8));
        }
        return a;
    }
}
