using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// The FLAC deliverable (issue 20 §3): lossless, so it decodes to exactly the master's samples at the master's rate and
/// bit depth, with the master's measurement; asked for alone, it is still made from a full master.
/// </summary>
public sealed class FlacDeliverableTests
{
    static RenderSettings Settings(int bitDepth) => new()
    {
        Loudness = new LoudnessTarget { CustomLufs = -12 },
        Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: -1) },
        Output = new OutputSettings { BitDepth = bitDepth },
    };

    [SkippableTheory]
    [InlineData(24)]
    [InlineData(16)]
    public void The_flac_decodes_to_the_masters_samples(int bitDepth)
    {
        Skip.If(Ffmpeg.Missing, "ffmpeg is not installed");
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 48000, 4, RenderTestSignals.DenseNoise(-16));
        var result = Renderer.Render(mix, Settings(bitDepth), new RenderOutputs(dir.Path, "m", Deliverables.Wav24 | Deliverables.Flac), Ffmpeg.Tools);

        var flac = AudioFile.Probe(dir.File("m.flac"), Ffmpeg.Tools).Format;
        Assert.Equal((48000, 2, bitDepth), (flac.SampleRateHz, flac.Channels, flac.BitDepth));
        var (master, decoded) = (Samples(dir.File("m.wav")), Samples(dir.File("m.flac")));
        Assert.Equal(master.Length, decoded.Length);
        Assert.True(master.AsSpan().SequenceEqual(decoded), "The FLAC's samples differ from the master's.");
        var (wav, flacFile) = (result.Files.Single(f => f.Kind == Deliverables.Wav24), result.Files.Single(f => f.Kind == Deliverables.Flac));
        Assert.Equal((wav.IntegratedLufs, wav.TruePeakDbtp), (flacFile.IntegratedLufs, flacFile.TruePeakDbtp));
    }

    [SkippableFact]
    public void Asked_for_alone_the_flac_is_made_and_no_wav_is_left()
    {
        Skip.If(Ffmpeg.Missing, "ffmpeg is not installed");
        using var dir = new RenderTestFolder();
        var mix = RenderTestSignals.Write(dir.File("mix.wav"), 44100, 3, RenderTestSignals.DenseNoise(-16));
        var result = Renderer.Render(mix, Settings(24), new RenderOutputs(dir.Path, "m", Deliverables.Flac), Ffmpeg.Tools);
        Assert.Equal([Deliverables.Flac], result.Files.Select(f => f.Kind));
        Assert.True(File.Exists(dir.File("m.flac")));
        Assert.False(File.Exists(dir.File("m.wav")));
        Assert.InRange(result.IntegratedLufs!.Value, -12.3, -11.7);
    }

    static float[] Samples(string path)
    {
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        var all = new List<float>();
        var buffer = new float[4096 * source.Format.Channels];
        int frames;
        while ((frames = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, frames * source.Format.Channels).ToArray());
        return [.. all];
    }
}
