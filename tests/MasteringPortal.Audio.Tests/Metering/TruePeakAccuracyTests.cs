using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// The meter's true peak against an ideal interpolation (<see cref="IdealTruePeakReference"/>: 32x, 256 taps per
/// phase) on the material that is hardest for it: bright, dense masters clipped at the oversampled rate, and the
/// EBU Tech 3341 true-peak signals, at the four common rates. The tolerance, ±0.05 dB, is the accuracy a master's
/// ceiling is judged to: a ceiling of −1 dBTP must not hide a −0.9.
/// </summary>
public class TruePeakAccuracyTests(ITestOutputHelper output)
{
    private const double ToleranceDb = 0.05;

    [Theory]
    [InlineData(44100, 1, 3.0)]
    [InlineData(44100, 2, 6.0)]
    [InlineData(48000, 3, 3.0)]
    [InlineData(48000, 4, 6.0)]
    [InlineData(88200, 5, 4.0)]
    [InlineData(96000, 6, 6.0)]
    public void Bright_clipped_masters_read_within_0_05_dB_of_the_ideal_interpolation(int rateHz, int seed, double driveDb)
    {
        var master = BrightMasterSignals.OversampledClipMaster(rateHz, 1.0, seed, driveDb);
        AssertAgrees(master, rateHz, $"master {rateHz} Hz, seed {seed}, +{driveDb} dB into the clipper");
    }

    public static TheoryData<string, int> EbuTruePeakFiles()
    {
        var data = new TheoryData<string, int>();
        foreach (var rate in new[] { 44100, 48000, 88200, 96000 })
            foreach (var c in ConformanceFileTests.TruePeakCases)
                data.Add((string)c[0], rate);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(EbuTruePeakFiles))]
    public void EBU_true_peak_signals_read_within_0_05_dB_of_the_ideal_interpolation_at_every_rate(string file, int rateHz)
    {
        var audio = AudioReading.ReadAll(TestData.Ebu(file));
        var planar = Enumerable.Range(0, 2).Select(c => audio.Where((_, i) => i % 2 == c).ToArray()).ToArray();
        // 0.1 s around the loudest sample (every case is steady or repeats around it), faded in and out over 10 ms
        // so that neither reader sees a step; then converted to the rate under test by the engine's resampler.
        var loudest = Enumerable.Range(0, planar[0].Length).MaxBy(i => Math.Max(Math.Abs(planar[0][i]), Math.Abs(planar[1][i])));
        var from = Math.Clamp(loudest - 2400, 0, planar[0].Length - 4800);
        var excerpt = planar.Select(ch => Fade(ch.AsSpan(from, 4800).ToArray(), 480)).ToArray();
        var converted = excerpt.Select(ch => Resample(ch, 48000, rateHz)).ToArray();
        AssertAgrees(converted, rateHz, $"{file} at {rateHz} Hz");
    }

    private void AssertAgrees(float[][] planar, int rateHz, string what)
    {
        var ideal = IdealTruePeakReference.PeakDbtp(planar);
        var meter = MeterTruePeakDbtp(planar, rateHz);
        var error = meter - ideal;
        output.WriteLine($"{what}: ideal {ideal:F3} dBTP, meter {meter:F3} dBTP, error {error:+0.000;-0.000} dB");
        Assert.InRange(error, -ToleranceDb, ToleranceDb);
    }

    /// <summary>The true peak the portal's meter reads on planar audio, with 100 frames of silence after it.</summary>
    internal static double MeterTruePeakDbtp(float[][] planar, int rateHz)
    {
        var meter = new LoudnessMeter(rateHz, planar.Length, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var frames = planar[0].Length;
        var interleaved = new float[(frames + 100) * planar.Length]; // 100 frames of silence let the interpolator see past the end
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < planar.Length; c++) interleaved[i * planar.Length + c] = planar[c][i];
        meter.AddFrames(interleaved);
        return meter.TruePeakDbtp;
    }

    private static float[] Fade(float[] x, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            x[i] *= (float)i / frames;
            x[^(i + 1)] *= (float)i / frames;
        }
        return x;
    }

    internal static float[] Resample(float[] x, int fromHz, int toHz)
    {
        if (fromHz == toHz) return x;
        var resampler = new ChannelResampler(ResamplerDesign.Create(new ResamplerSettings(fromHz, toHz)));
        var result = new float[resampler.MaxOutputFrames(x.Length) + 4096];
        var n = resampler.Process(x, result);
        int m;
        while ((m = resampler.Flush(result.AsSpan(n))) > 0) n += m;
        return result[..n];
    }
}
