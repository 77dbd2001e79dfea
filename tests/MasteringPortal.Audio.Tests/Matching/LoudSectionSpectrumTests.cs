using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Tests.Analysis;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>The loud-section spectrum: calibration, the gate, streaming independence, silence.</summary>
public class LoudSectionSpectrumTests
{
    private const int Rate = 48000;

    private static ReferenceAnalysis Analyse(float[] interleaved, int maxFramesPerRead = int.MaxValue) =>
        ReferenceAnalyzer.Analyze(new ArrayAudioSource(interleaved, new AudioFormat(Rate, 2, 32, SampleEncoding.Float, "wav"), maxFramesPerRead));

    [Fact]
    public void A_sine_reads_its_mean_square_level_in_its_band_of_the_mid()
    {
        // L = R = 0.5 sin(1 kHz): mid is the same sine, side is silent. Mean square 0.125 = -9.03 dB.
        var x = new float[Rate * 2 * 6];
        for (var i = 0; i < x.Length / 2; i++) x[2 * i] = x[2 * i + 1] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / Rate));
        var a = Analyse(x);
        var band = Array.IndexOf(ThirdOctaveBands.NominalCentresHz, 1000.0);
        Assert.Equal(-9.03, a.LoudSpectrum.MidDb[band]!.Value, 0.05);
        Assert.True(a.LoudSpectrum.MidDb[band - 2] < -60, "two bands away holds only window leakage");
        Assert.All(a.LoudSpectrum.SideDb!, s => Assert.True(s is null or < -200, $"side {s} dB: L = R has no side"));
        Assert.Equal(1.0, a.LoudShare, 0.02);
    }

    [Fact]
    public void Quiet_passages_do_not_colour_the_loud_section_spectrum()
    {
        // Loud: dark material (low-passed at 1.5 kHz). Quiet, 25 LU down: bright noise. Power-averaged over the
        // whole file the top bands are the quiet passage's; over the loud sections they keep only what the one frame
        // straddling the change carries (a frame is 0.34 s), far below.
        EqBand[] dark = [new() { Shape = EqBandShape.LowPass, FrequencyHz = 1500, SlopeDbPerOct = 48 }];
        var loud = MatchSignals.Reference(Rate, 10, lufs: -14, mid: dark, side: dark);
        var quiet = MatchSignals.Reference(Rate, 10, lufs: -39, seed: 5);
        var both = loud.Concat(quiet).ToArray();

        var gated = Analyse(both);
        var loudOnly = Analyse(loud);
        var everything = new LongTermSpectrumAnalyzer(Rate, hasSide: true);
        var m = new float[both.Length / 2];
        var s = new float[both.Length / 2];
        for (var i = 0; i < m.Length; i++) { m[i] = (both[2 * i] + both[2 * i + 1]) / 2; s[i] = (both[2 * i] - both[2 * i + 1]) / 2; }
        everything.Add(m, s);
        var ungated = everything.Finish();

        var k8 = Array.IndexOf(ThirdOctaveBands.NominalCentresHz, 8000.0);
        Assert.True(gated.LoudSpectrum.MidDb[k8] < ungated.MidDb[k8] - 12,
            $"8 kHz: gated {gated.LoudSpectrum.MidDb[k8]:0.0} dB, whole file {ungated.MidDb[k8]:0.0} dB");
        Assert.InRange(gated.LoudShare, 0.4, 0.6);
        for (var b = 0; b < ThirdOctaveBands.Count; b++)
            if (ThirdOctaveBands.NominalCentresHz[b] is >= 40 and <= 1000)
                Assert.Equal(loudOnly.LoudSpectrum.MidDb[b]!.Value, gated.LoudSpectrum.MidDb[b]!.Value, 0.3);
    }

    [Fact]
    public void The_result_does_not_depend_on_how_the_file_is_read()
    {
        var x = MatchSignals.Reference(Rate, 7);
        var whole = Analyse(x);
        var odd = Analyse(x, maxFramesPerRead: 1013);
        Assert.Equal(whole.LoudSpectrum.MidDb, odd.LoudSpectrum.MidDb);
        Assert.Equal(whole.LoudSpectrum.SideDb, odd.LoudSpectrum.SideDb);
        Assert.Equal(whole.IntegratedLufs, odd.IntegratedLufs);
    }

    [Fact]
    public void Silence_has_no_spectrum_and_no_loudness()
    {
        var a = Analyse(new float[Rate * 2 * 3]);
        Assert.Null(a.IntegratedLufs);
        Assert.Null(a.GateLufs);
        Assert.All(a.LoudSpectrum.MidDb, v => Assert.Null(v));
    }
}
