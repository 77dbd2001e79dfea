using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// Masters rendered the way the CLI renders them (<see cref="Renderer"/>: the chain, the loudness solver, the
/// limiter, dither, the 24-bit file) from bright, dense mixes, at targets from −16 to −8 LUFS under a −1 dBTP
/// ceiling, read back from the file and measured the two ways masters are judged: an ideal interpolation and the
/// BS.1770-4 Annex 2 filter. Neither may read more than 0.05 dB over the ceiling.
/// </summary>
public class RenderedMasterTruePeakTests(ITestOutputHelper output)
{
    private const double CeilingDbtp = -1.0;
    private const double AllowedOverDb = 0.05;

    public static TheoryData<string, int, double> Masters => new()
    {
        { "bright mix", 44100, -16 },
        { "bright mix", 44100, -12 },
        { "mix clipped at its own rate", 44100, -9 },
        { "already-limited mix", 44100, -8 },
        { "mix clipped at its own rate", 48000, -10 },
        { "already-limited mix", 48000, -14 },
        { "bright mix", 96000, -11 },
    };

    [Theory]
    [MemberData(nameof(Masters))]
    public void The_rendered_master_stays_under_the_ceiling_on_an_ideal_meter_and_on_the_BS1770_filter(string material, int rateHz, double targetLufs)
    {
        using var dir = new RenderTestFolder();
        var mix = material switch
        {
            "bright mix" => BrightMasterSignals.Mix(rateHz, 2, seed: 31, peakLinear: 0.5),
            "already-limited mix" => Scale(BrightMasterSignals.OversampledClipMaster(rateHz, 2, seed: 32, driveDb: 8), 0.5),
            _ => Scale(BrightMasterSignals.BaseRateClipMaster(rateHz, 2, seed: 33, driveDb: 6), 0.5),
        };
        var mixPath = RenderTestSignals.Write(dir.File("mix.wav"), rateHz, 2, (c, i) => i < mix[c].Length ? mix[c][i] : 0);
        var settings = new RenderSettings
        {
            Loudness = new LoudnessTarget { CustomLufs = targetLufs },
            Limiter = new() { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: CeilingDbtp) },
        };
        var result = Renderer.Render(mixPath, settings, new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools);

        var interleaved = AudioReading.ReadAll(dir.File("master.wav"));
        var master = Enumerable.Range(0, 2).Select(c => interleaved.Where((_, i) => i % 2 == c).ToArray()).ToArray();
        var ideal = IdealTruePeakReference.PeakDbtp(master);
        var bs1770 = Bs1770TruePeakReference.PeakDbtp(master);
        output.WriteLine($"{material} at {rateHz} Hz to {targetLufs} LUFS: {result.IntegratedLufs:F2} LUFS; our meter {result.TruePeakDbtp:F3}, ideal {ideal:F3}, BS.1770 {bs1770:F3} dBTP");
        Assert.True(ideal <= CeilingDbtp + AllowedOverDb, $"ideal interpolation reads {ideal:F3} dBTP");
        Assert.True(bs1770 <= CeilingDbtp + AllowedOverDb, $"the BS.1770 filter reads {bs1770:F3} dBTP");
    }

    private static float[][] Scale(float[][] audio, double peakLinear)
    {
        var peak = audio.Max(ch => ch.Max(Math.Abs));
        return audio.Select(ch => ch.Select(v => (float)(v / peak * peakLinear)).ToArray()).ToArray();
    }
}
