using Xunit.Abstractions;
using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Audio.Tests.Dsp.Resampling;

/// <summary>The resampler's promise: passband flat within 0.01 dB up to 20 kHz, and the output in phase with the input.</summary>
public class ResamplerPassbandTests(ITestOutputHelper log)
{
    private const double PassbandToleranceDb = 0.01;

    public static TheoryData<int, int> Pairs => new()
    {
        { 44100, 48000 },
        { 48000, 44100 },
        { 96000, 44100 },
        { 44100, 96000 },
        { 192000, 44100 },
        { 88200, 48000 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Sines_from_20_Hz_to_20_kHz_keep_their_level_within_a_hundredth_of_a_dB_and_their_phase(int inputRateHz, int outputRateHz)
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(inputRateHz, outputRateHz));
        double[] frequenciesHz = [20, 100, 1000, 5000, 10000, 15000, 18000, 19000, 19500, 20000];
        const double amplitude = 0.5;
        const double phaseRad = 0.3;
        foreach (var f in frequenciesHz)
        {
            var input = SineMeasure.Sine(inputRateHz, f, inputRateHz, amplitude, phaseRad); // 1 s
            var output = ResamplerTestRun.Convert(design, input);
            // Skip the onset and the tail, where the abruptly started/stopped sine rings through the filter.
            var skip = outputRateHz / 10;
            var (measured, measuredPhase) = SineMeasure.Fit(output.AsSpan(skip, output.Length - 2 * skip), f / outputRateHz, skip);
            var errorDb = 20 * Math.Log10(measured / amplitude);
            log.WriteLine($"{inputRateHz}->{outputRateHz} Hz: {f} Hz {errorDb:+0.00000;-0.00000;0.00000} dB, phase {measuredPhase - phaseRad:0.0e0} rad");
            Assert.True(Math.Abs(errorDb) <= PassbandToleranceDb,
                $"{inputRateHz}->{outputRateHz} Hz: {f} Hz comes out {errorDb:+0.0000;-0.0000} dB");
            // Output frame k is input time k/fsOut: same phase at time 0. 1e-3 rad is 8 ns at 20 kHz.
            var phaseError = Math.IEEERemainder(measuredPhase - phaseRad, 2 * Math.PI);
            Assert.True(Math.Abs(phaseError) < 1e-3,
                $"{inputRateHz}->{outputRateHz} Hz: {f} Hz is shifted by {phaseError:0.000000} rad");
        }
    }
}
