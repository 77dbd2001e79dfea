namespace MasteringPortal.Audio.IO;

/// <summary>Small helpers for header parsing: bounded reads that never trust a header's sizes.</summary>
internal static class StreamReading
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            int n;
            try { n = stream.Read(buffer[total..]); }
            catch (IOException e) { throw AudioMessages.ReadFailed(e); }
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    public static void Seek(Stream stream, long position)
    {
        try { stream.Position = position; }
        catch (IOException e) { throw AudioMessages.ReadFailed(e); }
    }

    public static bool IsPrintableFourCc(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
            if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    public static string FourCc(ReadOnlySpan<byte> id)
    {
        Span<char> c = stackalloc char[4];
        for (var i = 0; i < 4; i++) c[i] = id[i] is >= 0x20 and <= 0x7E ? (char)id[i] : '?';
        return new string(c);
    }
}
