using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Tests.Jobs;

/// <summary>The passage a sample is rendered from: the mix's own samples, in place, faded only at its ends.</summary>
public sealed class SampleExcerptTests : IDisposable
{
    const int Rate = 48000;
    readonly string folder = Directory.CreateTempSubdirectory("mp-excerpt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A stereo float WAV where sample n of channel c is a value that names its position.</summary>
    string Mix(double seconds)
    {
        var path = Path.Combine(folder, "mix.wav");
        var frames = (int)(seconds * Rate);
        using var writer = new WavWriter(path, PcmWriteFormat.Float32(Rate, 2));
        var block = new float[2 * 1000];
        for (var start = 0; start < frames; start += 1000)
        {
            var n = Math.Min(1000, frames - start);
            for (var i = 0; i < n; i++)
            {
                block[2 * i] = Value(start + i, 0);
                block[2 * i + 1] = Value(start + i, 1);
            }
            writer.Write(block.AsSpan(0, 2 * n));
        }
        writer.Complete();
        return path;
    }

    static float Value(long frame, int channel) => (float)(0.5 * Math.Sin(frame * 0.001 + channel));

    static float[] Read(string path, out int rate)
    {
        using var source = AudioFile.OpenRead(path, AudioTools.None);
        rate = source.Format.SampleRateHz;
        var all = new List<float>();
        var buffer = new float[8192];
        int read;
        while ((read = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, read * 2).ToArray());
        return all.ToArray();
    }

    [Fact]
    public void The_passage_is_the_mix_sample_for_sample_between_its_fades()
    {
        var mix = Mix(40);
        var output = Path.Combine(folder, "passage.wav");
        var written = SampleExcerpt.Cut(mix, new SamplePassage(4.5, 30), output, AudioTools.None);

        var passage = Read(output, out var rate);
        Assert.Equal(Rate, rate);
        Assert.Equal(30L * Rate, written);
        Assert.Equal(30 * Rate * 2, passage.Length);
        var first = (long)(4.5 * Rate);
        var fadeIn = (int)(SampleExcerpt.FadeInSeconds * Rate);
        var fadeOut = (int)(SampleExcerpt.FadeOutSeconds * Rate);
        for (var n = fadeIn; n < 30 * Rate - fadeOut; n += 997)
            for (var c = 0; c < 2; c++)
                Assert.Equal(Value(first + n, c), passage[2 * n + c]);
        // The fades: from almost nothing at the cut to the mix's own level, smoothly.
        Assert.True(Math.Abs(passage[0]) < 0.001 * 0.5 + 1e-4, $"first sample {passage[0]}");
        Assert.True(Math.Abs(passage[^1]) < 1e-3, $"last sample {passage[^1]}");
        var mid = fadeIn / 2;
        Assert.Equal(Value(first + mid, 0) * SampleExcerpt.Gain(mid, 30 * Rate, fadeIn, fadeOut), passage[2 * mid], 6);
        Assert.InRange(SampleExcerpt.Gain(mid, 30 * Rate, fadeIn, fadeOut), 0.45f, 0.55f);
    }

    [Fact]
    public void A_passage_beyond_the_end_of_the_mix_is_refused_in_words_and_leaves_no_file()
    {
        var mix = Mix(10);
        var output = Path.Combine(folder, "passage.wav");
        var error = Assert.Throws<MasteringPortal.Audio.AudioFileException>(() => SampleExcerpt.Cut(mix, new SamplePassage(5, 30), output, AudioTools.None));
        Assert.Contains("ends before", error.Message);
        Assert.False(File.Exists(output));
        Assert.Throws<MasteringPortal.Audio.AudioFileException>(() => SampleExcerpt.Cut(mix, new SamplePassage(12, 30), output, AudioTools.None));
    }
}
