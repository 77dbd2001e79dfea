using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.IO;
using Xunit.Abstractions;
using MasteringPortal.Audio.Tests.IO;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>
/// The limiter's output true peak, measured by our meter, never exceeds the ceiling
/// by more than 0.1 dB, on the EBU true-peak test signals and on dense, loud material.
/// </summary>
public class TruePeakLimiterCeilingTests(ITestOutputHelper log)
{
    private const double AllowedOverDb = 0.1;

    [SkippableTheory]
    [InlineData("seq-3341-15-24bit.wav.wav")]
    [InlineData("seq-3341-16-24bit.wav.wav")]
    [InlineData("seq-3341-17-24bit.wav.wav")]
    [InlineData("seq-3341-18-24bit.wav.wav")]
    [InlineData("seq-3341-19-24bit.wav.wav")]
    [InlineData("seq-3341-20-24bit.wav.wav")]
    [InlineData("seq-3341-21-24bit.wav.wav")]
    [InlineData("seq-3341-22-24bit.wav.wav")]
    [InlineData("seq-3341-23-24bit.wav.wav")]
    public void The_EBU_true_peak_signals_boosted_12_dB_come_out_under_the_ceiling(string file)
    {
        var path = TestData.Ebu(file);
        var (audio, rateHz) = AudioReading.ReadPlanar(path);
        var boosted = LimiterHarness.Gain(audio, 12);

        foreach (var ceilingDbtp in new[] { -1.0, -2.0 })
        {
            var limiter = new TruePeakLimiter(new TruePeakLimiterSettings(CeilingDbtp: ceilingDbtp), rateHz, audio.Length);
            var output = LimiterHarness.Run(limiter, boosted);
            var inDbtp = LimiterHarness.TruePeakDbtp(boosted);
            var outDbtp = LimiterHarness.TruePeakDbtp(output);
            log.WriteLine($"{file}: {inDbtp:0.00} dBTP in, {outDbtp:0.0000} dBTP out (ceiling {ceilingDbtp})");
            Assert.True(outDbtp <= ceilingDbtp + AllowedOverDb, $"{file}: {outDbtp:0.000} dBTP out over a {ceilingDbtp} dBTP ceiling");
        }
    }

    public static TheoryData<string, int> Material => new()
    {
        { "noise bursts", 44100 },
        { "noise bursts", 48000 },
        { "square waves", 44100 },
        { "square waves", 96000 },
        { "drums", 44100 },
        { "drums", 48000 },
    };

    [Theory]
    [MemberData(nameof(Material))]
    public void Dense_material_driven_20_dB_into_the_limiter_stays_under_the_ceiling(string material, int rateHz)
    {
        var audio = material switch
        {
            "noise bursts" => LimiterTestSignals.NoiseBursts(rateHz, 4, seed: 11),
            "square waves" => LimiterTestSignals.SquareWaves(rateHz, 3),
            _ => LimiterTestSignals.Drums(rateHz, 4, seed: 5),
        };
        var driven = LimiterHarness.Gain(audio, 20);
        foreach (var settings in new[]
                 {
                     new TruePeakLimiterSettings(CeilingDbtp: -1.0),
                     new TruePeakLimiterSettings(CeilingDbtp: -0.1, LookaheadMs: 1, ReleaseMs: 5, SustainedReleaseMs: 50),
                     new TruePeakLimiterSettings(CeilingDbtp: -2.0, LookaheadMs: 5, ReleaseMs: 200, SustainedReleaseMs: 2000),
                 })
        {
            var limiter = new TruePeakLimiter(settings, rateHz, 2);
            var outDbtp = LimiterHarness.TruePeakDbtp(LimiterHarness.Run(limiter, driven));
            log.WriteLine($"{material} at {rateHz} Hz, {settings}: {outDbtp:0.0000} dBTP out, deepest reduction {limiter.MaxGainReductionDb:0.0} dB");
            Assert.True(outDbtp <= settings.CeilingDbtp + AllowedOverDb,
                $"{material} at {rateHz} Hz: {outDbtp:0.000} dBTP out over a {settings.CeilingDbtp} dBTP ceiling");
        }
    }
}
