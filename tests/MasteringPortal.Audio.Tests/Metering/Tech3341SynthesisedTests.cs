using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// EBU Tech 3341 (v3) Table 1 cases whose files are not in the shared folder, synthesised from their
/// definitions: stereo 1 kHz sine unless stated, levels in dBFS (peak), tolerance ±0.1 LU.
/// </summary>
public class Tech3341SynthesisedTests
{
    private const double Tolerance = 0.1; // Tech 3341 §4 for I, M, S

    [Fact]
    public void Case3_quiet_lead_in_and_out_are_gated_out()
    {
        // −36 dBFS 10 s, −23 dBFS 60 s, −36 dBFS 10 s: I = −23.0.
        var meter = new ToneSequence(2).Add(10, -36).Add(60, -23).Add(10, -36).Measure();
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, Tolerance);
    }

    [Fact]
    public void Case4_absolute_and_relative_gates_together()
    {
        // −72, −36, −23, −36, −72 dBFS for 10, 10, 60, 10, 10 s: I = −23.0.
        var meter = new ToneSequence(2).Add(10, -72).Add(10, -36).Add(60, -23).Add(10, -36).Add(10, -72).Measure();
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, Tolerance);
    }

    [Fact]
    public void Case5_louder_middle_section_is_power_averaged()
    {
        // −26 dBFS 20 s, −20 dBFS 20.1 s, −26 dBFS 20 s: I = −23.0.
        var meter = new ToneSequence(2).Add(20, -26).Add(20.1, -20).Add(20, -26).Measure();
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, Tolerance);
    }

    [Fact]
    public void Case6_five_channels_use_the_surround_weights()
    {
        // 5.0 in the order L R C Ls Rs: L, R at −28, C at −24, Ls, Rs at −30 dBFS, 20 s: I = −23.0.
        var meter = new ToneSequence(5).Add(20, [-28, -28, -24, -30, -30]).Measure();
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, Tolerance);
    }

    [Fact]
    public void Case6_six_channel_version_ignores_a_silent_LFE()
    {
        // The test set's 6-channel variant: the same 5.0 signal plus a silent LFE in WAV order L R C LFE Ls Rs.
        var meter = new ToneSequence(6).Add(20, [-28, -28, -24, double.NegativeInfinity, -30, -30]).Measure();
        Assert.Equal(-23.0, meter.IntegratedLufs!.Value, Tolerance);
    }

    [Fact]
    public void Case9_short_term_is_constant_once_3s_have_passed()
    {
        // 1.34 s at −20 dBFS then 1.66 s at −30 dBFS, repeated (5 periods here): S = −23.0 after 3 s.
        var tones = new ToneSequence(2);
        for (var i = 0; i < 5; i++) tones.Add(1.34, -20).Add(1.66, -30);
        var meter = tones.Measure(options: new LoudnessMeterOptions(TruePeak: false));
        var afterThreeSeconds = meter.ShortTermSeries.Skip(29).ToArray(); // entry i ends at (i+1)·100 ms
        Assert.True(afterThreeSeconds.Length >= 100);
        Assert.All(afterThreeSeconds, s => Assert.Equal(-23.0, s, Tolerance));
    }

    [Fact]
    public void Case11_maximum_short_term_follows_each_of_twenty_bursts()
    {
        // 20 segments of 6 s: i·0.15 s of silence, a 3 s burst at (−38 + i) dBFS, silence to 6 s.
        // Max S after each segment = −38, −37, …, −19.
        var tones = new ToneSequence(2);
        for (var i = 0; i < 20; i++) tones.Silence(i * 0.15).Add(3, -38 + i).Silence(6 - 3 - i * 0.15);
        var maxima = new List<double>();
        tones.Measure(afterSegment: (s, m) => { if (s % 3 == 2) maxima.Add(m.MaxShortTermLufs ?? double.NaN); });
        Assert.Equal(20, maxima.Count);
        for (var i = 0; i < 20; i++) Assert.Equal(-38.0 + i, maxima[i], Tolerance);
    }

    [Fact]
    public void Case14_maximum_momentary_follows_each_of_twenty_bursts()
    {
        // 20 segments of 800 ms: i·20 ms of silence, a 400 ms burst at (−38 + i) dBFS, silence to 800 ms.
        // Max M after each segment = −38, −37, …, −19.
        var tones = new ToneSequence(2);
        for (var i = 0; i < 20; i++) tones.Silence(i * 0.02).Add(0.4, -38 + i).Silence(0.8 - 0.4 - i * 0.02);
        var maxima = new List<double>();
        tones.Measure(afterSegment: (s, m) => { if (s % 3 == 2) maxima.Add(m.MaxMomentaryLufs ?? double.NaN); });
        Assert.Equal(20, maxima.Count);
        for (var i = 0; i < 20; i++) Assert.Equal(-38.0 + i, maxima[i], Tolerance);
    }

    [Fact]
    public void Max_momentary_finds_a_burst_that_straddles_the_100ms_grid()
    {
        // A 400 ms burst starting 50 ms off the 100 ms grid: a meter that only looked every 100 ms would
        // read 0.58 LU low; Tech 3341 case 13 requires −23.0 ± 0.1 for any start offset.
        var meter = new ToneSequence(2).Silence(0.05).Add(0.4, -23).Silence(1).Measure();
        Assert.Equal(-23.0, meter.MaxMomentaryLufs!.Value, Tolerance);
    }
}
