using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// The client's preview: the watermark lands where it says, is the same on every run, never pushes a full-scale
/// master over 0 dBFS; the encoded preview has the studio's bit rate, and a 96 kHz master comes out at 48 kHz
/// (MP3 goes no higher).
/// </summary>
public sealed class PreviewTests : IClassFixture<TempFolder>
{
    readonly TempFolder temp;

    public PreviewTests(TempFolder temp) => this.temp = temp;

    const int Rate = 48000;

    static float[] Marked(float[] interleaved, int channels, int everySeconds, int blockFrames)
    {
        var copy = (float[])interleaved.Clone();
        var watermark = new PreviewWatermark(Rate, everySeconds);
        for (var start = 0; start < copy.Length / channels; start += blockFrames)
        {
            var frames = Math.Min(blockFrames, copy.Length / channels - start);
            watermark.Apply(copy.AsSpan(start * channels, frames * channels), channels, start);
        }
        return copy;
    }

    [Fact]
    public void Blips_sit_half_an_interval_in_and_then_every_interval_and_nowhere_else()
    {
        var silence = new float[Rate * 25 * 2];
        var marked = Marked(silence, 2, everySeconds: 10, blockFrames: 4096);
        var watermark = new PreviewWatermark(Rate, 10);
        Assert.Equal(5L * Rate, watermark.BlipStartFrame(0));
        Assert.Equal(15L * Rate, watermark.BlipStartFrame(1));

        var blip = (int)(PreviewWatermark.BlipSeconds * Rate);
        for (long frame = 0; frame < silence.Length / 2; frame++)
        {
            var inBlip = frame is >= 5 * Rate and < 5 * Rate + 14400 || frame is >= 15 * Rate and < 15 * Rate + 14400;
            if (!inBlip) Assert.Equal(0f, marked[frame * 2]);
        }
        Assert.Equal(14400, blip);
        // Full level in the middle of a blip: the tone's peak, -20 dBFS, the same on both channels.
        var middle = marked.AsSpan((5 * Rate + blip / 4) * 2, blip).ToArray();
        Assert.Equal(PreviewWatermark.ToneAmplitude, middle.Max(), 3);
        Assert.Equal(marked[(5 * Rate + 1000) * 2], marked[(5 * Rate + 1000) * 2 + 1]);
    }

    [Fact]
    public void The_watermark_is_deterministic_whatever_the_block_size()
    {
        var noise = new Random(3);
        var music = Enumerable.Range(0, Rate * 8 * 2).Select(_ => (float)(noise.NextDouble() - 0.5)).ToArray();
        Assert.Equal(Marked(music, 2, 3, 4096), Marked(music, 2, 3, 4096));
        Assert.Equal(Marked(music, 2, 3, 4096), Marked(music, 2, 3, 777));
    }

    [Fact]
    public void A_full_scale_master_stays_within_full_scale_under_the_blip()
    {
        var square = Enumerable.Range(0, Rate * 4).Select(i => (i / 24) % 2 == 0 ? 1f : -1f).ToArray();
        var marked = Marked(square, 1, 2, 4096);
        Assert.True(marked.Max(Math.Abs) <= 1f, $"peak {marked.Max(Math.Abs)}");
        // And the programme is ducked where the blip is: the mark is audible in loud music too.
        Assert.True(Math.Abs(marked[Rate + 7200]) < 0.7f);
    }

    [SkippableTheory]
    [InlineData(44100, 96, 44100)]
    [InlineData(96000, 128, 48000)]
    public void The_preview_is_mp3_at_the_studios_bit_rate_and_a_rate_mp3_can_carry(int masterRate, int kbps, int expectedRate)
    {
        Skip.If(Ffmpeg.Missing, Ffmpeg.MissingReason);
        var master = temp.File($"master-{masterRate}.wav");
        using (var writer = new WavWriter(master, PcmWriteFormat.Pcm24(masterRate, 2)))
        {
            var buffer = new float[masterRate * 2];
            for (var second = 0; second < 6; second++)
            {
                for (var i = 0; i < masterRate; i++)
                    buffer[2 * i] = buffer[2 * i + 1] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * (second * masterRate + i) / masterRate));
                writer.Write(buffer);
            }
            writer.Complete();
        }
        var preview = temp.File($"preview-{masterRate}.mp3");
        PreviewEncoder.Encode(master, preview, new PreviewSettings(kbps, WatermarkEverySeconds: 2), Ffmpeg.Tools);

        var info = AudioFile.Probe(preview, Ffmpeg.Tools);
        Assert.Equal("mp3", info.Format.Container);
        Assert.Equal((expectedRate, 2), (info.Format.SampleRateHz, info.Format.Channels));
        Assert.Equal(6.0, info.Duration!.Value.TotalSeconds, 0.1);
        Assert.InRange(new FileInfo(preview).Length * 8 / 6.0 / 1000, kbps * 0.9, kbps * 1.1);
    }
}
