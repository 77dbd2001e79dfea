using System.Text.Json;
using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Audio.Tests.Analysis;

public class WaveformPeaksTests
{
    [Fact]
    public void Json_has_the_audiowaveform_version_2_fields_with_min_max_per_channel_per_pixel()
    {
        // 1000 frames: left constant 0.5, right alternating ±0.25; then frames 600-999 of the left at -0.75.
        var left = Enumerable.Range(0, 1000).Select(i => i < 600 ? 0.5f : -0.75f).ToArray();
        var right = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 0.25f : -0.25f).ToArray();
        var a = IntakeAnalyzer.Analyze(ArrayAudioSource.Stereo(left, right, 44100),
            options: new IntakeAnalyzerOptions(WaveformSamplesPerPixel: [256, 1024]));

        var fine = a.Waveforms![0];
        var json = JsonDocument.Parse(JsonSerializer.Serialize(fine)).RootElement;
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(2, json.GetProperty("channels").GetInt32());
        Assert.Equal(44100, json.GetProperty("sample_rate").GetInt32());
        Assert.Equal(256, json.GetProperty("samples_per_pixel").GetInt32());
        Assert.Equal(8, json.GetProperty("bits").GetInt32());
        Assert.Equal(4, json.GetProperty("length").GetInt32()); // ceil(1000 / 256)
        var data = json.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        // 8-bit: floor(x · 128). Pixels 0-1 (frames 0-511): L 64/64; pixel 2 (512-767) spans the step: L -96/64.
        Assert.Equal(
            [64, 64, -32, 32,
             64, 64, -32, 32,
             -96, 64, -32, 32,
             -96, -96, -32, 32],
            data);

        var coarse = a.Waveforms[1];
        Assert.Equal(1024, coarse.SamplesPerPixel);
        Assert.Equal(1, coarse.Length);
        Assert.Equal([-96, 64, -32, 32], coarse.Data.Select(v => (int)v).ToArray());
    }

    [Fact]
    public void Sixteen_bit_peaks_span_the_full_integer_range()
    {
        var signal = new float[] { -1f, 1f, 0.5f, -0.5f };
        var builder = new WaveformPeaksBuilder(48000, 1, [2], bits: 16);
        builder.Add([signal], signal.Length);
        var peaks = builder.Finish().Single();
        Assert.Equal(16, peaks.Bits);
        Assert.Equal([-32768, 32767, -16384, 16384], peaks.Data.Select(v => (int)v).ToArray());
    }

    [Fact]
    public void Default_zoom_levels_are_256_1024_4096_and_coarser_levels_merge_finer_ones()
    {
        var noise = Signals.WhiteNoise(0.2, 44100);
        var a = IntakeAnalyzer.Analyze(ArrayAudioSource.Mono(noise, 44100));
        Assert.Equal([256, 1024, 4096], a.Waveforms!.Select(w => w.SamplesPerPixel).ToArray());
        var fine = a.Waveforms[0];
        var coarse = a.Waveforms[2];
        Assert.Equal((44100 + 4095) / 4096, coarse.Length);
        for (var p = 0; p < coarse.Length; p++)
        {
            var group = Enumerable.Range(p * 16, Math.Min(16, fine.Length - p * 16)).ToArray();
            Assert.Equal(group.Min(q => fine.Data[2 * q]), coarse.Data[2 * p]);
            Assert.Equal(group.Max(q => fine.Data[2 * q + 1]), coarse.Data[2 * p + 1]);
        }
        // And the finest level is the true min/max of its 256 samples, quantised.
        for (var p = 0; p < fine.Length; p++)
        {
            var span = noise.AsSpan(p * 256, Math.Min(256, noise.Length - p * 256)).ToArray();
            Assert.Equal(Math.Clamp((int)Math.Floor(span.Min() * 128), -128, 127), fine.Data[2 * p]);
            Assert.Equal(Math.Clamp((int)Math.Floor(span.Max() * 128), -128, 127), fine.Data[2 * p + 1]);
        }
    }
}
