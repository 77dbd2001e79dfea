using MasteringPortal.Audio;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Fuzz;

/// <summary>
/// One fuzz iteration: probe and fully read the bytes as a WAV/AIFF file. The readers may refuse the
/// input only with <see cref="AudioFileException"/>; any other exception is a crash, and so is an
/// allocation out of proportion to the input (a header value trusted for a buffer size).
/// </summary>
public static class ReaderTarget
{
    /// <summary>Generous for a tiny input: the reader's fixed buffers are ~64 KiB plus at most 64 KiB of bext history.</summary>
    public const long MaxAllocatedBytes = 8L * 1024 * 1024;

    private static readonly float[] Block = new float[4096 * 64];

    public static void Run(ReadOnlySpan<byte> input)
    {
        using var stream = new MemoryStream(input.ToArray(), writable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var info = AudioFile.Probe(stream);
            using var source = AudioFile.OpenRead(stream, leaveOpen: true);
            if (!Equals(source.Format, info.Format)) throw new InvalidOperationException("Probe and OpenRead disagree about the format.");
            long frames = 0;
            int n;
            var block = Block.AsSpan(0, 1024 * source.Format.Channels);
            while ((n = source.Read(block)) > 0) frames += n;
            if (frames != source.LengthFrames) throw new InvalidOperationException($"Read {frames} frames but the reader declared {source.LengthFrames}.");
        }
        catch (AudioFileException)
        {
            // A refusal with a musician's message is the correct outcome for bad input.
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > MaxAllocatedBytes + 4L * input.Length)
            throw new InvalidOperationException($"Allocated {allocated} bytes for a {input.Length}-byte input.");
    }
}
