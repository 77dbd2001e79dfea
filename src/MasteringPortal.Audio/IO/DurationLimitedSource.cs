namespace MasteringPortal.Audio.IO;

/// <summary>
/// Passes a source through until it has delivered <see cref="MaxDuration"/> of audio, then refuses it with a
/// musician's message. A compressed file's length is only known once decoded (a few kilobytes of FLAC can hold
/// hours of silence), so the limit a studio sets is held while decoding, not only from what the header claims, and
/// the work a file can cause stays bounded by the limit.
/// </summary>
public sealed class DurationLimitedSource(IAudioSource inner, TimeSpan maxDuration) : IAudioSource
{
    readonly long _maxFrames = (long)Math.Ceiling(maxDuration.TotalSeconds * inner.Format.SampleRateHz);
    long _frames;

    public TimeSpan MaxDuration { get; } = maxDuration;
    public AudioFormat Format => inner.Format;
    public long? LengthFrames => inner.LengthFrames;

    /// <summary>Refuses a file whose stated length already exceeds the limit, before anything is decoded.</summary>
    public static void CheckStatedLength(long? lengthFrames, int sampleRateHz, TimeSpan maxDuration)
    {
        if (lengthFrames is { } frames && sampleRateHz > 0 && frames > maxDuration.TotalSeconds * sampleRateHz)
            throw AudioMessages.TooLong(TimeSpan.FromSeconds((double)frames / sampleRateHz), maxDuration);
    }

    public int Read(Span<float> interleaved)
    {
        var frames = inner.Read(interleaved);
        _frames += frames;
        if (_frames > _maxFrames) throw AudioMessages.TooLong(null, MaxDuration);
        return frames;
    }

    public void Dispose() => inner.Dispose();
}
