using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>EBU Tech 3342 cases 1–4: stereo 1 kHz tone sequences, 20 s per level; LRA tolerance ±1 LU.</summary>
public class Tech3342SynthesisedTests
{
    private const double Tolerance = 1.0; // Tech 3342 Table 1

    [Theory]
    [InlineData(10.0, new double[] { -20, -30 })]
    [InlineData(5.0, new double[] { -20, -15 })]
    [InlineData(20.0, new double[] { -40, -20 })]
    [InlineData(15.0, new double[] { -50, -35, -20, -35, -50 })]
    public void Loudness_range_of_the_level_sequences(double expectedLu, double[] levelsDbfs)
    {
        var tones = new ToneSequence(2);
        foreach (var level in levelsDbfs) tones.Add(20, level);
        var meter = tones.Measure();
        Assert.NotNull(meter.LoudnessRangeLu);
        Assert.Equal(expectedLu, meter.LoudnessRangeLu!.Value, Tolerance);
    }
}
