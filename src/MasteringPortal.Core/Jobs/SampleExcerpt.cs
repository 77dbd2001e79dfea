using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The passage of a mix a sample master is rendered from: copied out of the mix as 32-bit float at the mix's rate (no
/// change to a single sample inside it), with a short fade at each end so the sample neither clicks in nor stops dead.
/// The same file is what the client hears the sample against, so the comparison is of one passage, faded alike.
/// </summary>
public static class SampleExcerpt
{
    /// <summary>The fade at the start (seconds): long enough to hide the cut, short enough to keep a downbeat.</summary>
    public const double FadeInSeconds = 0.05;

    /// <summary>The fade at the end (seconds): a sample ends as a radio edit would, not mid-note.</summary>
    public const double FadeOutSeconds = 1.5;

    /// <summary>Writes the passage to <paramref name="outputPath"/> (WAV, float) on the caller's thread; returns the frames written.</summary>
    /// <exception cref="AudioFileException">The mix is damaged or ends before the passage does.</exception>
    public static long Cut(string mixPath, SamplePassage passage, string outputPath, AudioTools tools, CancellationToken ct = default)
    {
        using var source = AudioFile.OpenRead(mixPath, tools);
        var format = source.Format;
        var channels = format.Channels;
        var rate = format.SampleRateHz;
        var skip = (long)Math.Round(passage.StartSeconds * rate);
        var frames = (long)Math.Round(passage.LengthSeconds * rate);
        var fadeIn = Math.Min(frames / 2, (long)Math.Round(FadeInSeconds * rate));
        var fadeOut = Math.Min(frames / 2, (long)Math.Round(FadeOutSeconds * rate));

        var buffer = new float[4096 * channels];
        while (skip > 0)
        {
            ct.ThrowIfCancellationRequested();
            var read = source.Read(buffer.AsSpan(0, (int)Math.Min(skip, 4096) * channels));
            if (read == 0) throw new AudioFileException("The mix ends before the sample's passage starts.");
            skip -= read;
        }

        using var writer = new WavWriter(outputPath, PcmWriteFormat.Float32(rate, channels));
        long written = 0;
        while (written < frames)
        {
            ct.ThrowIfCancellationRequested();
            var want = (int)Math.Min(frames - written, 4096);
            var read = source.Read(buffer.AsSpan(0, want * channels));
            if (read == 0) break;
            for (var i = 0; i < read; i++)
            {
                var n = written + i;
                var gain = Gain(n, frames, fadeIn, fadeOut);
                if (gain == 1f) continue;
                for (var c = 0; c < channels; c++) buffer[i * channels + c] *= gain;
            }
            writer.Write(buffer.AsSpan(0, read * channels));
            written += read;
        }
        if (written < frames - rate / 10)
            throw new AudioFileException("The mix ends before the sample's passage does: move the passage earlier.");
        writer.Complete();
        return written;
    }

    /// <summary>The fade's gain at frame <paramref name="n"/> of <paramref name="frames"/>: raised-cosine in and out, 1 between.</summary>
    public static float Gain(long n, long frames, long fadeIn, long fadeOut)
    {
        if (n < fadeIn) return (float)(0.5 - 0.5 * Math.Cos(Math.PI * (n + 0.5) / fadeIn));
        var fromEnd = frames - 1 - n;
        if (fromEnd < fadeOut) return (float)(0.5 - 0.5 * Math.Cos(Math.PI * (fromEnd + 0.5) / fadeOut));
        return 1f;
    }
}
