using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Metering.TruePeakReferences;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Metering;

/// <summary>
/// The BS.1770-4 Annex 2 reference meter (<see cref="Bs1770TruePeakReference"/>) is the standard's meter: its table
/// is the Annex's, and it reads the EBU Tech 3341 true-peak signals within the tolerance Tech 3341 sets for a
/// compliant meter (+0.2 / −0.4 dB).
/// </summary>
public class Bs1770ReferenceMeterTests(ITestOutputHelper output)
{
    [Fact]
    public void The_Annex_2_table_is_the_symmetric_48_tap_filter_with_unity_gain()
    {
        var c = Bs1770Interpolator.Coefficients;
        Assert.Equal(4, c.Length);
        Assert.All(c, p => Assert.Equal(12, p.Length));
        // The prototype is linear-phase: phase 3 is phase 0 reversed, phase 2 is phase 1 reversed, so a slip in one
        // coefficient of the table breaks a pair.
        Assert.Equal(c[0].Reverse(), c[3]);
        Assert.Equal(c[1].Reverse(), c[2]);
        // Interpolating by 4 with unity gain: the 48 taps sum to about 4 (the Annex's filter to within its ripple).
        Assert.InRange(c.Sum(p => p.Sum()), 4 * 0.98, 4 * 1.02);
        // Its centre taps, exactly as printed.
        Assert.Equal(0.9721679687500, c[0][6]);
        Assert.Equal(0.7797851562500, c[1][6]);
    }

    [SkippableTheory]
    [MemberData(nameof(ConformanceFileTests.TruePeakCases), MemberType = typeof(ConformanceFileTests))]
    public void Reads_the_Tech_3341_true_peak_signals_within_their_tolerance(string file, double expectedDbtp)
    {
        var audio = AudioReading.ReadAll(TestData.Ebu(file));
        var planar = Enumerable.Range(0, 2).Select(c => audio.Where((_, i) => i % 2 == c).ToArray()).ToArray();
        var dbtp = Bs1770TruePeakReference.PeakDbtp(planar);
        output.WriteLine($"{file}: {dbtp:F3} dBTP (expected {expectedDbtp})");
        Assert.InRange(dbtp, expectedDbtp - 0.4, expectedDbtp + 0.2);
    }
}
