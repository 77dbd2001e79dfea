using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// Every file of the shared EBU Loudness Test Set v05 and ITU-R BS.2217 folders against its expected
/// value, with the tolerances of /work/shared/testdata/README.md (EBU Tech 3341: I, M, S ±0.1 LU;
/// true peak +0.2 / −0.4 dB; BS.2217 ±0.1). Skipped with a visible reason when the folder is absent (failed under CI=true).
/// </summary>
public class ConformanceFileTests
{
    private const double LoudnessTolerance = 0.1;

    public static TheoryData<int> Segments => new(Enumerable.Range(1, 20));

    [SkippableTheory]
    [InlineData("seq-3341-1-16bit.wav", -23.0)]
    [InlineData("seq-3341-2-16bit.wav", -33.0)]
    public void Steady_tone_reads_the_same_integrated_momentary_and_short_term(string file, double expectedLufs)
    {
        var meter = MeasureEbu(file);
        Assert.Equal(expectedLufs, meter.IntegratedLufs!.Value, LoudnessTolerance);
        Assert.Equal(expectedLufs, meter.MomentarySeries[^1], LoudnessTolerance);
        Assert.Equal(expectedLufs, meter.ShortTermSeries[^1], LoudnessTolerance);
        Assert.Equal(expectedLufs, meter.MaxMomentaryLufs!.Value, LoudnessTolerance);
        Assert.Equal(expectedLufs, meter.MaxShortTermLufs!.Value, LoudnessTolerance);
    }

    [SkippableTheory]
    [InlineData("1kHz Sine -20 LUFS-16bit.wav", -20.0)]
    [InlineData("1kHz Sine -26 LUFS-16bit.wav", -26.0)]
    [InlineData("1kHz Sine -40 LUFS-16bit.wav", -40.0)]
    public void Reference_sines_read_their_stated_loudness(string file, double expectedLufs)
    {
        Assert.Equal(expectedLufs, MeasureEbu(file).IntegratedLufs!.Value, LoudnessTolerance);
    }

    [SkippableTheory]
    [MemberData(nameof(Segments))]
    public void Case10_maximum_short_term_of_a_3s_burst_at_any_offset(int i)
    {
        Assert.Equal(-23.0, MeasureEbu($"seq-3341-10-{i}-24bit.wav").MaxShortTermLufs!.Value, LoudnessTolerance);
    }

    [SkippableFact]
    public void Case12_momentary_is_constant_after_1s()
    {
        var series = MeasureEbu("seq-3341-12-24bit.wav").MomentarySeries;
        var afterOneSecond = series.Skip(9).ToArray(); // entry i ends at (i+1)·100 ms
        Assert.NotEmpty(afterOneSecond);
        Assert.All(afterOneSecond, m => Assert.Equal(-23.0, m, LoudnessTolerance));
    }

    [SkippableTheory]
    [MemberData(nameof(Segments))]
    public void Case13_maximum_momentary_of_a_400ms_burst_at_any_offset(int i)
    {
        Assert.Equal(-23.0, MeasureEbu($"seq-3341-13-{i}-24bit.wav").MaxMomentaryLufs!.Value, LoudnessTolerance);
    }

    /// <summary>Tech 3341 cases 15–23: the file and its true peak in dBTP (a compliant meter reads +0.2 / −0.4 dB of it).</summary>
    public static TheoryData<string, double> TruePeakCases => new()
    {
        { "seq-3341-15-24bit.wav.wav", -6.0 },
        { "seq-3341-16-24bit.wav.wav", -6.0 },
        { "seq-3341-17-24bit.wav.wav", -6.0 },
        { "seq-3341-18-24bit.wav.wav", -6.0 },
        { "seq-3341-19-24bit.wav.wav", 3.0 },
        { "seq-3341-20-24bit.wav.wav", 0.0 },
        { "seq-3341-21-24bit.wav.wav", 0.0 },
        { "seq-3341-22-24bit.wav.wav", 0.0 },
        { "seq-3341-23-24bit.wav.wav", 0.0 },
    };

    [SkippableTheory]
    [MemberData(nameof(TruePeakCases))]
    public void True_peak_cases_15_to_23(string file, double expectedDbtp)
    {
        var truePeak = MeasureEbu(file).TruePeakDbtp;
        Assert.InRange(truePeak, expectedDbtp - 0.4, expectedDbtp + 0.2);
    }

    [SkippableTheory]
    [InlineData("1770-2_Comp_AbsGateTest.wav", -69.5)]
    [InlineData("1770-2_Comp_RelGateTest.wav", -10.0)]
    public void BS2217_gating_compliance_files(string file, double expectedLkfs)
    {
        var meter = FileMeasurement.Measure(TestData.Itu(file), new LoudnessMeterOptions(TruePeak: false, Series: false));
        Assert.Equal(expectedLkfs, meter.IntegratedLufs!.Value, LoudnessTolerance);
    }

    private static LoudnessMeter MeasureEbu(string file)
    {
        return FileMeasurement.Measure(TestData.Ebu(file));
    }
}
