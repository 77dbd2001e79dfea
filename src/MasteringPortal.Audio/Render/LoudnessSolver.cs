namespace MasteringPortal.Audio.Render;

/// <summary>
/// Finds the gain into the limiter that gives the target integrated loudness: the
/// limited output is measured, not predicted. A cheap prediction of loudness against gain
/// (<see cref="LimitedLoudnessModel"/>) places the first measurement; when that misses, the prediction is
/// shifted by the miss and solved again; after that a secant step (slope from the last two measurements)
/// converges where a fixed 1 dB/dB guess would undershoot, because loudness against gain is monotonic
/// but flattens as the limiter works harder. Stops within <see cref="ToleranceLu"/>.
/// </summary>
public static class LoudnessSolver
{
    public const double ToleranceLu = 0.1;
    public const int MaxIterations = 10;

    /// <summary>Largest gain the solver will apply: beyond it the limiter is doing the mastering.</summary>
    public const double MaxGainDb = 36;

    /// <summary>How closely the prediction itself is solved (it costs nothing next to a measurement).</summary>
    private const double PredictionToleranceLu = 0.01;

    public sealed record Solution(double GainDb, double MeasuredLufs, int Iterations, bool Converged);

    /// <param name="measure">Integrated loudness of the limited output for a gain (null = below the gate).</param>
    /// <param name="targetLufs">Target integrated loudness.</param>
    /// <param name="unlimitedLufs">Loudness of the signal before the gain: the first guess is target − this.</param>
    /// <param name="progress">0-1 fraction of the iteration budget used.</param>
    public static Solution Solve(Func<double, double?> measure, double targetLufs, double unlimitedLufs, Action<double>? progress = null) =>
        Solve(measure, targetLufs, g => unlimitedLufs + g, progress);

    /// <param name="measure">Integrated loudness of the limited output for a gain (null = below the gate).</param>
    /// <param name="targetLufs">Target integrated loudness.</param>
    /// <param name="predict">Expected loudness for a gain: each measurement is placed where it meets the target.</param>
    /// <param name="progress">0-1 fraction of the iteration budget used.</param>
    public static Solution Solve(Func<double, double?> measure, double targetLufs, Func<double, double?> predict, Action<double>? progress = null)
    {
        var guess = Secant(predict, targetLufs, predict(0) is { } p0 ? targetLufs - p0 : 0, PredictionToleranceLu, MaxIterations * 3, null);
        return Secant(measure, targetLufs, guess.GainDb, ToleranceLu, MaxIterations, progress, first =>
        {
            // The prediction shifted by its miss: right where the miss is an offset (it mostly is).
            var miss = first.MeasuredLufs - guess.MeasuredLufs;
            if (!double.IsFinite(miss)) return first.GainDb + (targetLufs - first.MeasuredLufs);
            return Secant(predict, targetLufs - miss, first.GainDb, PredictionToleranceLu, MaxIterations * 3, null).GainDb;
        });
    }

    /// <summary>
    /// Measures at <paramref name="g0"/>, then at <paramref name="secondGuess"/> (default: a unit-slope step, exact
    /// while the limiter is idle), then steps along the secant of the last two measurements.
    /// </summary>
    private static Solution Secant(Func<double, double?> measure, double targetLufs, double g0, double tolerance, int maxIterations,
        Action<double>? progress, Func<Solution, double>? secondGuess = null)
    {
        g0 = Math.Clamp(g0, -MaxGainDb, MaxGainDb);
        var l0 = measure(g0) ?? double.NegativeInfinity;
        var best = new Solution(g0, l0, 1, Math.Abs(l0 - targetLufs) <= tolerance);
        progress?.Invoke(1.0 / maxIterations);
        if (best.Converged) return best;

        var g1 = Math.Clamp(secondGuess?.Invoke(best) ?? g0 + (targetLufs - l0), -MaxGainDb, MaxGainDb);
        for (var i = 2; i <= maxIterations; i++)
        {
            if (g1 == g0) break; // pinned at the gain limit, or the prediction cannot move
            var l1 = measure(g1) ?? double.NegativeInfinity;
            progress?.Invoke((double)i / maxIterations);
            if (Math.Abs(l1 - targetLufs) < Math.Abs(best.MeasuredLufs - targetLufs))
                best = new Solution(g1, l1, i, Math.Abs(l1 - targetLufs) <= tolerance);
            if (best.Converged) return best with { Iterations = i };

            var slope = (l1 - l0) / (g1 - g0);
            // A flat or noisy slope (deep limiting) would throw the step far away: keep it between 0.05 and 1.5 LU/dB.
            if (!double.IsFinite(slope) || slope < 0.05) slope = slope > 0 ? 0.05 : 1;
            slope = Math.Min(slope, 1.5);
            var step = Math.Clamp((targetLufs - l1) / slope, -12, 12);
            (g0, l0) = (g1, l1);
            g1 = Math.Clamp(g1 + step, -MaxGainDb, MaxGainDb);
        }
        return best with { Iterations = maxIterations };
    }
}
