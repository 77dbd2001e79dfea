namespace MasteringPortal.Core.Workflow;

/// <summary>
/// The passage of a mix a sample master is made of: where it starts and how long it is, in seconds. The portal proposes
/// the loudest sustained section (<see cref="Propose"/>); the engineer may move it.
/// </summary>
public sealed record SamplePassage(double StartSeconds, double LengthSeconds)
{
    /// <summary>The length proposed when the engineer has not chosen one (seconds).</summary>
    public const double DefaultLengthSeconds = 45;

    public double EndSeconds => StartSeconds + LengthSeconds;

    /// <summary>Why this passage cannot be rendered from a mix of <paramref name="mixSeconds"/>, in the engineer's words; null when it can.</summary>
    public string? WhyNot(double? mixSeconds)
    {
        if (!double.IsFinite(StartSeconds) || !double.IsFinite(LengthSeconds) || StartSeconds < 0)
            return "Choose where in the mix the sample starts.";
        if (LengthSeconds < ProjectWorkflow.MinSampleSeconds - 1e-9 || LengthSeconds > ProjectWorkflow.MaxSampleSeconds + 1e-9)
            return $"A sample is {ProjectWorkflow.MinSampleSeconds:0} to {ProjectWorkflow.MaxSampleSeconds:0} seconds long.";
        if (mixSeconds is { } total)
        {
            if (total < ProjectWorkflow.MinSampleSeconds)
                return $"This mix is shorter than {ProjectWorkflow.MinSampleSeconds:0} seconds, so a sample would be the whole song.";
            if (EndSeconds > total + 0.05)
                return $"The passage runs past the end of the mix ({Clock(total)}): start it earlier or make it shorter.";
        }
        return null;
    }

    /// <summary>
    /// The loudest sustained section of a mix: the window of <paramref name="lengthSeconds"/> whose mean short-term
    /// loudness (energy mean of the 3 s loudness, sampled every <paramref name="intervalSeconds"/>) is highest, so a
    /// single loud hit does not win over a chorus. Silent or unmeasured points count as silence. Starts on a whole
    /// second. A mix shorter than the length gives the whole mix from 0.
    /// </summary>
    public static SamplePassage Propose(IReadOnlyList<float?> shortTermLufs, double intervalSeconds, double mixSeconds,
        double lengthSeconds = DefaultLengthSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        lengthSeconds = Math.Clamp(lengthSeconds, ProjectWorkflow.MinSampleSeconds, ProjectWorkflow.MaxSampleSeconds);
        if (mixSeconds <= lengthSeconds || shortTermLufs.Count == 0) return new SamplePassage(0, Math.Min(lengthSeconds, Math.Max(0, mixSeconds)));

        // Energy per point (10^(L/10)); prefix sums make every window's mean O(1).
        var prefix = new double[shortTermLufs.Count + 1];
        for (var i = 0; i < shortTermLufs.Count; i++)
            prefix[i + 1] = prefix[i] + (shortTermLufs[i] is { } l && float.IsFinite(l) ? Math.Pow(10, l / 10.0) : 0);
        // The short-term value at time t covers the 3 s before t: a passage [s, s + len) is best described by the
        // points from s + 3 s to s + len.
        const double windowSeconds = 3;
        var best = 0.0;
        var bestEnergy = double.NegativeInfinity;
        var lastStart = (int)Math.Floor(mixSeconds - lengthSeconds);
        for (var start = 0; start <= lastStart; start++)
        {
            var from = Math.Clamp((int)Math.Round((start + windowSeconds) / intervalSeconds), 0, shortTermLufs.Count);
            var to = Math.Clamp((int)Math.Round((start + lengthSeconds) / intervalSeconds), from, shortTermLufs.Count);
            if (to == from) continue;
            var mean = (prefix[to] - prefix[from]) / (to - from);
            // Ties (flat or silent material) keep the earliest start.
            if (mean > bestEnergy * (1 + 1e-9) || double.IsNegativeInfinity(bestEnergy))
            {
                bestEnergy = mean;
                best = start;
            }
        }
        return new SamplePassage(best, lengthSeconds);
    }

    /// <summary>"1:12": a time in the song as the workflow's messages say it.</summary>
    internal static string Clock(double seconds)
    {
        var s = (int)Math.Round(seconds);
        return $"{s / 60}:{s % 60:00}";
    }
}
