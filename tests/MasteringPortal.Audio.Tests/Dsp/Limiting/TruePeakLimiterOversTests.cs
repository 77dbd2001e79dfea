using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Dsp.Limiting;

/// <summary>
/// The limiter's ceiling measured the two ways masters are judged: an ideal interpolation
/// (<see cref="IdealTruePeakReference"/>, 32x) and the BS.1770-4 Annex 2 filter distributors' meters use
/// (<see cref="Bs1770TruePeakReference"/>). Over a corpus of worst cases (naive squares, near-Nyquist bursts,
/// masters clipped at their own rate or at 4x, dense noise and drums) driven far into the limiter, neither reading
/// may exceed the ceiling by more than 0.05 dB.
/// </summary>
public class TruePeakLimiterOversTests(ITestOutputHelper output)
{
    private const double AllowedOverDb = 0.05;

    public static TheoryData<string, int> Corpus()
    {
        var data = new TheoryData<string, int>();
        foreach (var material in new[] { "naive squares", "near-Nyquist bursts", "clipped at its own rate", "clipped at 4x", "noise bursts", "drums" })
            foreach (var rate in new[] { 44100, 48000 })
                data.Add(material, rate);
        // At 96 kHz the cases whose energy reaches Nyquist (the reference costs twice as much there).
        foreach (var material in new[] { "naive squares", "near-Nyquist bursts", "clipped at its own rate" }) data.Add(material, 96000);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Neither_an_ideal_meter_nor_the_BS1770_filter_reads_the_output_over_the_ceiling(string material, int rateHz)
    {
        var audio = material switch
        {
            "naive squares" => WorstCaseSignals.NaiveSquares(rateHz, 0.5),
            "near-Nyquist bursts" => WorstCaseSignals.NearNyquistBursts(rateHz, 0.5),
            "clipped at its own rate" => BrightMasterSignals.BaseRateClipMaster(rateHz, 0.5, seed: 21, driveDb: 6),
            "clipped at 4x" => BrightMasterSignals.OversampledClipMaster(rateHz, 0.5, seed: 22, driveDb: 6),
            "noise bursts" => LimiterTestSignals.NoiseBursts(rateHz, 0.5, seed: 23),
            _ => LimiterTestSignals.Drums(rateHz, 0.5, seed: 24),
        };
        foreach (var (settings, driveDb) in new[]
                 {
                     (new TruePeakLimiterSettings(CeilingDbtp: -1.0), 6.0),
                     (new TruePeakLimiterSettings(CeilingDbtp: -0.1, LookaheadMs: 1, ReleaseMs: 5, SustainedReleaseMs: 50), 14.0),
                 })
        {
            var limiter = new TruePeakLimiter(settings, rateHz, 2);
            var limited = LimiterHarness.Run(limiter, LimiterHarness.Gain(audio, driveDb));
            var ideal = IdealTruePeakReference.PeakDbtp(limited);
            var bs1770 = Bs1770TruePeakReference.PeakDbtp(limited);
            output.WriteLine($"{material} at {rateHz} Hz, +{driveDb} dB into a {settings.CeilingDbtp} dBTP ceiling: ideal {ideal:F3}, BS.1770 {bs1770:F3} dBTP");
            Assert.True(ideal <= settings.CeilingDbtp + AllowedOverDb, $"{material} at {rateHz} Hz: ideal interpolation reads {ideal:F3} dBTP over the {settings.CeilingDbtp} dBTP ceiling");
            Assert.True(bs1770 <= settings.CeilingDbtp + AllowedOverDb, $"{material} at {rateHz} Hz: the BS.1770 filter reads {bs1770:F3} dBTP over the {settings.CeilingDbtp} dBTP ceiling");
        }
    }
}
