namespace MasteringPortal.Audio.Album;

/// <summary>The shape of a fade or crossfade: how the level moves from silence to full (a fade-out is its mirror).</summary>
public enum FadeCurve
{
    /// <summary>Straight in amplitude: two copies of the same signal crossfaded this way sum to a constant level.</summary>
    Linear,
    /// <summary>Quarter sine: two unrelated signals crossfaded this way keep a constant power (the usual crossfade).</summary>
    EqualPower,
    /// <summary>Raised cosine: slow at both ends, for a fade that should not be noticed starting or ending.</summary>
    SCurve,
    /// <summary>Straight in decibels over 60 dB: the natural-sounding long fade-out of a song's tail.</summary>
    Exponential,
}

/// <summary>
/// How one track sits on the album, as the engineer set it. Times are in seconds; the timeline turns them into sample
/// frames at the album's rate.
/// </summary>
/// <param name="LengthFrames">The track's master, in frames at the album's rate.</param>
/// <param name="PauseBeforeSeconds">Silence before the track (for track 1: the silence the programme starts with, which on a
/// CD is the 2 s pregap). Ignored when <paramref name="CrossfadeSeconds"/> is above zero; 0 makes a segue.</param>
/// <param name="CrossfadeSeconds">Overlap with the previous track: the previous one fades out while this one fades in.</param>
/// <param name="TrimStartSeconds">Audio left out at the start of the master (silence the mix began with).</param>
/// <param name="TrimEndSeconds">Audio left out at the end.</param>
/// <param name="GainDb">A level change applied when the album is assembled (album balance that needs no new render: a cut).</param>
/// <param name="IndexSeconds">Index points 02, 03, … inside the track, from its start (after the trim).</param>
public sealed record AlbumTrackPlan(
    long LengthFrames,
    double PauseBeforeSeconds = 2,
    double CrossfadeSeconds = 0,
    FadeCurve CrossfadeCurve = FadeCurve.EqualPower,
    double FadeInSeconds = 0,
    FadeCurve FadeInCurve = FadeCurve.SCurve,
    double FadeOutSeconds = 0,
    FadeCurve FadeOutCurve = FadeCurve.Exponential,
    double TrimStartSeconds = 0,
    double TrimEndSeconds = 0,
    double GainDb = 0,
    IReadOnlyList<double>? IndexSeconds = null);

/// <summary>
/// Where one track landed in the assembled programme, in frames at the album's rate. The track's audio is the master's
/// frames [<see cref="SourceStartFrame"/>, <see cref="SourceStartFrame"/> + <see cref="Frames"/>) placed from
/// <see cref="StartFrame"/>; the pause before it runs from <see cref="PauseStartFrame"/> (equal to StartFrame for a segue or
/// a crossfade).
/// </summary>
public sealed record AlbumPlacement(
    int Number,
    long PauseStartFrame,
    long StartFrame,
    long Frames,
    long SourceStartFrame,
    long CrossfadeInFrames,
    FadeCurve CrossfadeCurve,
    long CrossfadeOutFrames,
    long FadeInFrames,
    FadeCurve FadeInCurve,
    long FadeOutFrames,
    FadeCurve FadeOutCurve,
    double Gain,
    IReadOnlyList<long> IndexFrames)
{
    /// <summary>The first frame after the track's audio.</summary>
    public long EndFrame => StartFrame + Frames;
}

/// <summary>
/// The album as one continuous programme: every track's place, the pauses and crossfades between them, and the total
/// length. Pure arithmetic, so it is cheap to recompute whenever the engineer changes the order or a gap; the samples
/// are made by <see cref="AlbumAssembler"/>. With <c>cdFrames</c> the layout is a CD's: track 1 has at least the 2 s pregap,
/// a pause or crossfade before a track is rounded so the track starts on a CD frame (1/75 s), so the index points written
/// to a CD or a CUE sheet fall exactly where the audio starts, and the end is padded with silence to a whole frame. A segue
/// (no pause, no crossfade) is left sample-exact, the music running on; its index point is rounded to the nearest frame,
/// at most 1/150 s off (docs/ALBUM.md).
/// </summary>
public sealed class AlbumTimeline
{
    AlbumTimeline(int sampleRateHz, IReadOnlyList<AlbumPlacement> tracks, long lengthFrames, bool cdFrames)
    {
        SampleRateHz = sampleRateHz;
        Tracks = tracks;
        LengthFrames = lengthFrames;
        OnCdFrames = cdFrames;
    }

    public int SampleRateHz { get; }
    public IReadOnlyList<AlbumPlacement> Tracks { get; }
    public long LengthFrames { get; }
    public bool OnCdFrames { get; }

    public double LengthSeconds => (double)LengthFrames / SampleRateHz;

    /// <summary>Frames in one CD frame (1/75 s) at <paramref name="sampleRateHz"/>; null when the rate has no whole number of them.</summary>
    public static int? FramesPerCdFrame(int sampleRateHz) => sampleRateHz % 75 == 0 ? sampleRateHz / 75 : null;

    /// <summary>
    /// Lays the tracks out. Throws <see cref="AlbumTimelineException"/> with a message for the engineer when a setting
    /// cannot be honoured (a crossfade longer than a track, trims that leave nothing, a negative pause).
    /// </summary>
    public static AlbumTimeline Build(int sampleRateHz, IReadOnlyList<AlbumTrackPlan> plans, bool cdFrames = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 8000);
        if (plans.Count == 0) throw new AlbumTimelineException("The album has no tracks yet.");
        int? step = null;
        if (cdFrames)
        {
            step = FramesPerCdFrame(sampleRateHz)
                ?? throw new AlbumTimelineException($"A CD layout needs a sample rate that divides into 1/75 s frames; {sampleRateHz} Hz does not.");
        }

        var placements = new List<AlbumPlacement>(plans.Count);
        long cursor = 0; // end of the previous track's audio
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var number = i + 1;
            Check(number, plan);
            var trimStart = Frames(plan.TrimStartSeconds, sampleRateHz);
            var trimEnd = Frames(plan.TrimEndSeconds, sampleRateHz);
            var frames = plan.LengthFrames - trimStart - trimEnd;
            if (frames <= 0)
                throw new AlbumTimelineException($"Track {number}: the trims ({plan.TrimStartSeconds:0.###} s and {plan.TrimEndSeconds:0.###} s) leave no audio.");

            long crossfade = i == 0 ? 0 : Frames(plan.CrossfadeSeconds, sampleRateHz);
            long start;
            if (crossfade > 0)
            {
                start = cursor - crossfade;
                if (step is { } s) start = RoundTo(start, s);
                crossfade = cursor - start;
                var previous = placements[^1];
                if (crossfade >= frames || crossfade >= previous.Frames - previous.CrossfadeInFrames)
                    throw new AlbumTimelineException(
                        $"Track {number}: the crossfade of {plan.CrossfadeSeconds:0.###} s is longer than this track or the one before it can hold.");
                placements[^1] = previous with { CrossfadeOutFrames = crossfade, CrossfadeCurve = plan.CrossfadeCurve };
            }
            else
            {
                var pause = Frames(plan.PauseBeforeSeconds, sampleRateHz);
                if (i == 0 && step is not null) pause = Math.Max(pause, (long)sampleRateHz * 2); // a CD's 2 s pregap before track 1
                start = cursor + pause;
                if (step is { } s && pause > 0)
                {
                    // The gap is silence: round it so the track starts on a CD frame. A segue (no gap) keeps the music
                    // continuous; its index point is rounded instead (AlbumCdLayout).
                    start = RoundTo(start, s);
                    if (start <= cursor) start += s;
                }
            }

            var fadeIn = Math.Min(Frames(plan.FadeInSeconds, sampleRateHz), frames);
            var fadeOut = Math.Min(Frames(plan.FadeOutSeconds, sampleRateHz), frames);
            var indexes = (plan.IndexSeconds ?? []).Select(s => start + Frames(s, sampleRateHz)).ToList();
            if (step is { } st) indexes = indexes.Select(f => RoundTo(f, st)).ToList();
            for (var k = 0; k < indexes.Count; k++)
            {
                if (indexes[k] <= start || indexes[k] >= start + frames || (k > 0 && indexes[k] <= indexes[k - 1]))
                    throw new AlbumTimelineException($"Track {number}: index point {k + 2} at {plan.IndexSeconds![k]:0.###} s is not inside the track after the one before it.");
            }

            placements.Add(new AlbumPlacement(number, PauseStartFrame: crossfade > 0 ? start : cursor, start, frames, trimStart,
                crossfade, plan.CrossfadeCurve, CrossfadeOutFrames: 0, fadeIn, plan.FadeInCurve, fadeOut, plan.FadeOutCurve,
                Math.Pow(10, plan.GainDb / 20), indexes));
            cursor = start + frames;
        }

        var length = cursor;
        if (step is { } last) length = (length + last - 1) / last * last;
        return new AlbumTimeline(sampleRateHz, placements, length, cdFrames);
    }

    static void Check(int number, AlbumTrackPlan plan)
    {
        if (plan.LengthFrames <= 0) throw new AlbumTimelineException($"Track {number} has no master yet.");
        foreach (var (value, what) in new[]
                 {
                     (plan.PauseBeforeSeconds, "pause before it"), (plan.CrossfadeSeconds, "crossfade"), (plan.FadeInSeconds, "fade-in"),
                     (plan.FadeOutSeconds, "fade-out"), (plan.TrimStartSeconds, "trim at the start"), (plan.TrimEndSeconds, "trim at the end"),
                 })
        {
            if (!double.IsFinite(value) || value < 0)
                throw new AlbumTimelineException($"Track {number}: the {what} must be zero or more seconds.");
            if (value > 3600) throw new AlbumTimelineException($"Track {number}: the {what} of {value:0} s is more than an hour.");
        }
        if (!double.IsFinite(plan.GainDb) || plan.GainDb is < -60 or > 24)
            throw new AlbumTimelineException($"Track {number}: a level change of {plan.GainDb} dB is outside −60 to +24 dB.");
    }

    static long Frames(double seconds, int rate) => (long)Math.Round(seconds * rate, MidpointRounding.AwayFromZero);

    static long RoundTo(long frame, int step) => (frame + step / 2) / step * step;
}

/// <summary>A sequence setting the timeline cannot honour; the message is for the engineer.</summary>
public sealed class AlbumTimelineException(string message) : Exception(message);
