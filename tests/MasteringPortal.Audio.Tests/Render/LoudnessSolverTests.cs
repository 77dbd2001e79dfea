using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Render;

public class LoudnessSolverTests
{
    /// <summary>A limiter-like response: 1 LU per dB until the ceiling bites, then flattening (soft saturation).</summary>
    private static double LimitedLoudness(double unlimitedLufs, double gainDb, double kneeLufs)
    {
        var x = unlimitedLufs + gainDb;
        return x <= kneeLufs ? x : kneeLufs + 4 * Math.Tanh((x - kneeLufs) / 4) + 0.15 * (x - kneeLufs);
    }

    [Theory]
    [InlineData(-24, -14, -20)]
    [InlineData(-24, -9, -16)]
    [InlineData(-8, -14, -12)]
    public void The_solver_reaches_the_target_within_its_tolerance_when_the_limiter_flattens_the_response(double unlimited, double target, double knee)
    {
        var calls = 0;
        var solution = LoudnessSolver.Solve(g => { calls++; return LimitedLoudness(unlimited, g, knee); }, target, unlimited);
        Assert.True(solution.Converged, $"ended at {solution.MeasuredLufs:0.00} LUFS after {calls} measurements");
        Assert.InRange(LimitedLoudness(unlimited, solution.GainDb, knee), target - LoudnessSolver.ToleranceLu, target + LoudnessSolver.ToleranceLu);
        Assert.True(calls <= LoudnessSolver.MaxIterations);
    }

    [Theory]
    [InlineData(0.0, 1)]     // the prediction is right: the first measurement lands
    [InlineData(0.6, 2)]     // off by a constant: shifting it by the first miss lands the second
    [InlineData(-1.5, 2)]
    public void A_prediction_places_the_measurements_so_that_one_or_two_reach_the_target(double predictionErrorLu, int maxMeasurements)
    {
        const double unlimited = -24, target = -9, knee = -16;
        var calls = 0;
        var solution = LoudnessSolver.Solve(
            g => { calls++; return LimitedLoudness(unlimited, g, knee); },
            target,
            predict: g => LimitedLoudness(unlimited, g, knee) + predictionErrorLu);
        Assert.True(solution.Converged, $"ended at {solution.MeasuredLufs:0.00} LUFS after {calls} measurements");
        Assert.InRange(LimitedLoudness(unlimited, solution.GainDb, knee), target - LoudnessSolver.ToleranceLu, target + LoudnessSolver.ToleranceLu);
        Assert.True(calls <= maxMeasurements, $"{calls} measurements");
    }

    [Fact]
    public void A_prediction_with_the_wrong_slope_still_converges_on_the_measurements()
    {
        // Half the true slope and no limiter at all: after the shifted prediction, the secant on the measurements takes over.
        const double unlimited = -24, target = -9, knee = -16;
        var solution = LoudnessSolver.Solve(g => LimitedLoudness(unlimited, g, knee), target, predict: g => unlimited + 0.5 * g);
        Assert.True(solution.Converged, $"ended at {solution.MeasuredLufs:0.00} LUFS");
    }

    [Fact]
    public void An_unreachable_target_is_reported_as_not_converged_with_the_closest_result()
    {
        // The limiter caps loudness at -6 LUFS whatever the gain.
        var solution = LoudnessSolver.Solve(g => Math.Min(-20 + g, -6), -3, -20);
        Assert.False(solution.Converged);
        Assert.Equal(-6, solution.MeasuredLufs, 6);
    }
}

public class CodecCheckTests
{
    [Theory]
    [InlineData(-0.4, true)]
    [InlineData(-1.0, false)]
    [InlineData(-2.5, false)]
    public void A_lossy_file_over_minus_1_dbtp_gets_a_warning_with_its_figure(double truePeakDbtp, bool warns)
    {
        var warning = LossyDeliverable.CodecCheck(new RenderedFile(Deliverables.Mp3, "m.mp3", -9, truePeakDbtp));
        Assert.Equal(warns, warning is not null);
        if (warns) Assert.Contains("MP3 file peaks at -0.4 dBTP", warning);
    }
}
