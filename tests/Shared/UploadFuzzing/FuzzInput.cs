namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>
/// Reads a fuzzer's bytes as a stream of choices. Past the end every choice is zero, so any input, even an empty one,
/// decodes to some request sequence and a mutation that shortens or lengthens an input changes only its tail.
/// </summary>
public sealed class FuzzInput(byte[] bytes)
{
    int position;

    public bool Exhausted => position >= bytes.Length;

    public byte Byte() => position < bytes.Length ? bytes[position++] : (byte)0;

    /// <summary>A choice among <paramref name="count"/> options.</summary>
    public int Pick(int count) => count <= 1 ? 0 : Byte() % count;

    public T Pick<T>(IReadOnlyList<T> options) => options[Pick(options.Count)];

    public bool Chance(int outOf) => Pick(outOf) == 0;

    public int Int32() => Byte() | Byte() << 8 | Byte() << 16 | Byte() << 24;

    public long Int64() => (uint)Int32() | (long)Int32() << 32;

    /// <summary>Up to <paramref name="max"/> raw bytes, the length chosen by the input.</summary>
    public byte[] Bytes(int max)
    {
        var length = Math.Min(Pick(max + 1), bytes.Length - position);
        if (length <= 0) return [];
        var slice = bytes.AsSpan(position, length).ToArray();
        position += length;
        return slice;
    }

    /// <summary>Up to <paramref name="max"/> characters taken from the input as UTF-8 (invalid sequences included, replaced).</summary>
    public string Text(int max) => System.Text.Encoding.UTF8.GetString(Bytes(max));
}
