using System.Buffers.Binary;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Fills the loudness fields of a master's `bext` chunk after the audio is written (EBU Tech 3285 v2): the
/// chunk precedes the audio, but the figures are only known once the master has been measured while it
/// was written. The chunk was written at its final size (the loudness fields are fixed-width and the
/// coding history does not change), so its body is overwritten in place.
/// </summary>
internal static class BextLoudness
{
    public static void Fill(string wavPath, BextChunk bext)
    {
        var body = bext.ToBytes();
        using var file = new FileStream(wavPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Span<byte> header = stackalloc byte[8];
        file.Position = 12; // after "RIFF"/"RF64", size, "WAVE"
        while (file.Position + 8 <= file.Length)
        {
            file.ReadExactly(header);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (header[..4].SequenceEqual("bext"u8))
            {
                if (size != body.Length) throw new InvalidOperationException($"The master's bext chunk is {size} bytes, not {body.Length}.");
                file.Write(body);
                file.Flush(flushToDisk: true);
                return;
            }
            if (header[..4].SequenceEqual("data"u8)) break; // the writer puts bext before the audio
            file.Position += size + (size & 1);
        }
        throw new InvalidOperationException("The master has no bext chunk before its audio.");
    }
}
