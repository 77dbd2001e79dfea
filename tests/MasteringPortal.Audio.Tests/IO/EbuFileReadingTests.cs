using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>The EBU loudness test set is the meter's reference input, so reading it must be right.</summary>
public sealed class EbuFileReadingTests
{
    [SkippableFact]
    public void Ebu_case_1_is_a_20_second_48k_stereo_16_bit_sine_at_minus_23_dbfs()
    {
        var path = TestData.Ebu("seq-3341-1-16bit.wav");

        var info = AudioFile.Probe(path, Ffmpeg.Tools);
        Assert.Equal(new AudioFormat(48000, 2, 16, SampleEncoding.Pcm, "wav"), info.Format);
        Assert.Equal(20 * 48000, info.LengthFrames);
        Assert.Equal(TimeSpan.FromSeconds(20), info.Duration);

        var samples = AudioReading.ReadAll(path);
        Assert.Equal(20 * 48000 * 2, samples.Length);
        var peakDbfs = 20 * Math.Log10(samples.Max(Math.Abs));
        // The README gives the level as -23 dBFS; the EBU tolerance for this case is 0.1 dB/LU.
        Assert.InRange(peakDbfs, -23.1, -22.9);
        if (!Ffmpeg.Missing) Assert.Equal(Ffmpeg.DecodeF32(path), samples);
    }

    [SkippableFact]
    public void Ebu_24_bit_file_reads_with_its_declared_length()
    {
        var path = TestData.Ebu("seq-3341-13-1-24bit.wav");
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        Assert.Equal(24, source.Format.BitDepth);
        Assert.Equal(48000, source.Format.SampleRateHz);
        var samples = AudioReading.ReadAll(source, 4096);
        Assert.Equal(source.LengthFrames * source.Format.Channels, samples.Length);
    }
}
