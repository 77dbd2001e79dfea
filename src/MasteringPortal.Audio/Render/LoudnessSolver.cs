namespace MasteringPortal.Audio.Render;

/// <summary>
/// Finds the gain into the limiter that gives the target integrated loudness (issue 4, section 3): the
/// limited output is measured, not predicted. Loudness against gain is monotonic but flattens as the limiter
/// works harder, so a secant step (slope from the last two measurements) converges where a fixed 1 dB/dB
/// guess would undershoot. Stops within <see cref="ToleranceLu"/>.
/// </summary>
public static class LoudnessSolver
{
    public const double ToleranceLu = 0.1;
    public const int MaxIterations = 10;

    /// <summary>Largest gain the solver will apply: beyond it the limiter is doing the mastering.</summary>
    public const double MaxGainDb = 36;

    public sealed record Solution(double GainDb, double MeasuredLufs, int Iterations, bool Converged);

    /// <param name="measure">Integrated loudness of the limited output for a gain (null = below the gate).</param>
    /// <param name="targetLufs">Target integrated loudness.</param>
    /// <param name="unlimitedLufs">Loudness of the signal before the gain: the first guess is target − this.</param>
    /// <param name="progress">0-1 fraction of the iteration budget used.</param>
    public static Solution Solve(Func<double, double?> measure, double targetLufs, double unlimitedLufs, Action<double>? progress = null)
    {
        var g0 = Math.Clamp(targetLufs - unlimitedLufs, -MaxGainDb, MaxGainDb);
        var l0 = measure(g0) ?? double.NegativeInfinity;
        var best = new Solution(g0, l0, 1, Math.Abs(l0 - targetLufs) <= ToleranceLu);
        progress?.Invoke(1.0 / MaxIterations);
        if (best.Converged) return best;

        // Second point: a unit-slope step (exact while the limiter is idle).
        var g1 = Math.Clamp(g0 + (targetLufs - l0), -MaxGainDb, MaxGainDb);
        for (var i = 2; i <= MaxIterations; i++)
        {
            var l1 = measure(g1) ?? double.NegativeInfinity;
            progress?.Invoke((double)i / MaxIterations);
            if (Math.Abs(l1 - targetLufs) < Math.Abs(best.MeasuredLufs - targetLufs))
                best = new Solution(g1, l1, i, Math.Abs(l1 - targetLufs) <= ToleranceLu);
            if (best.Converged) return best with { Iterations = i };

            var slope = (l1 - l0) / (g1 - g0);
            // A flat or noisy slope (deep limiting) would throw the step far away: keep it between 0.05 and 1.5 LU/dB.
            if (!double.IsFinite(slope) || slope < 0.05) slope = slope > 0 ? 0.05 : 1;
            slope = Math.Min(slope, 1.5);
            var step = Math.Clamp((targetLufs - l1) / slope, -12, 12);
            (g0, l0) = (g1, l1);
            g1 = Math.Clamp(g1 + step, -MaxGainDb, MaxGainDb);
            if (g1 == g0) break; // pinned at the gain limit
        }
        return best with { Iterations = MaxIterations };
    }
}
