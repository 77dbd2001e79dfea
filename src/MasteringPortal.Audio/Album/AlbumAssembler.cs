using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Album;

/// <summary>
/// The album's samples: every track's master placed where the <see cref="AlbumTimeline"/> puts it, with its level change,
/// fades and crossfades, silence in the pauses. A source like any other (block by block, memory independent of the album's
/// length), so the programme streams straight into a WAV writer, a resampler or an encoder. Sample-accurate: a track with
/// no fade and no level change comes out bit for bit as its master's float samples.
/// </summary>
/// <remarks>
/// Each track's master is opened when the programme reaches it and closed once it is past, so at most two are open
/// (three never overlap: the timeline refuses it). A crossfade's two halves share the position within the crossfade,
/// so a linear crossfade of a signal with itself sums to exactly 1 and an equal-power one keeps the power of two
/// unrelated signals (sin² + cos² = 1).
/// </remarks>
public sealed class AlbumAssembler : IAudioSource
{
    readonly AlbumTimeline _timeline;
    readonly Func<AlbumPlacement, IAudioSource> _open;
    readonly IAudioSource?[] _sources;
    readonly long[] _consumed; // frames read from each track's source, counting the trimmed start
    float[] _scratch = [];
    long _position;

    /// <param name="open">Opens a track's master (at the timeline's rate, <paramref name="channels"/> channels); called once per track.</param>
    public AlbumAssembler(AlbumTimeline timeline, int channels, Func<AlbumPlacement, IAudioSource> open)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _timeline = timeline;
        _open = open;
        _sources = new IAudioSource?[timeline.Tracks.Count];
        _consumed = new long[timeline.Tracks.Count];
        Format = new AudioFormat(timeline.SampleRateHz, channels, 32, SampleEncoding.Float, "album");
    }

    public AudioFormat Format { get; }

    public long? LengthFrames => _timeline.LengthFrames;

    /// <summary>Frames handed out so far.</summary>
    public long Position => _position;

    public int Read(Span<float> interleaved)
    {
        var channels = Format.Channels;
        var frames = (int)Math.Min(interleaved.Length / channels, _timeline.LengthFrames - _position);
        if (frames <= 0) return 0;
        var output = interleaved[..(frames * channels)];
        output.Clear();
        var blockStart = _position;
        var blockEnd = blockStart + frames;
        for (var i = 0; i < _timeline.Tracks.Count; i++)
        {
            var track = _timeline.Tracks[i];
            if (track.EndFrame <= blockStart)
            {
                Close(i);
                continue;
            }
            if (track.StartFrame >= blockEnd) break; // tracks are in programme order
            var from = Math.Max(blockStart, track.StartFrame);
            var to = Math.Min(blockEnd, track.EndFrame);
            Mix(i, track, from, to, output[(int)((from - blockStart) * channels)..(int)((to - blockStart) * channels)]);
            if (track.EndFrame <= blockEnd) Close(i);
        }
        _position = blockEnd;
        return frames;
    }

    /// <summary>Adds the track's programme frames [from, to) into <paramref name="destination"/>, shaped by its envelope.</summary>
    void Mix(int index, AlbumPlacement track, long from, long to, Span<float> destination)
    {
        var channels = Format.Channels;
        var count = (int)(to - from);
        if (_scratch.Length < count * channels) _scratch = new float[Math.Max(count * channels, 4096 * channels)];
        var samples = _scratch.AsSpan(0, count * channels);
        ReadTrack(index, track, track.SourceStartFrame + (from - track.StartFrame), samples);

        // The flat middle of a track (no fade of any kind) is one vector multiply-add; the envelope is worked out per frame
        // only where it moves.
        var rampStart = track.StartFrame + Math.Max(track.CrossfadeInFrames, track.FadeInFrames);
        var rampEnd = track.EndFrame - Math.Max(track.CrossfadeOutFrames, track.FadeOutFrames);
        for (long f = from; f < to;)
        {
            var offset = (int)(f - from) * channels;
            if (f >= rampStart && f < rampEnd)
            {
                var run = (int)(Math.Min(to, rampEnd) - f);
                var span = samples.Slice(offset, run * channels);
                TensorPrimitives.MultiplyAdd(span, (float)track.Gain, destination.Slice(offset, run * channels), destination.Slice(offset, run * channels));
                f += run;
                continue;
            }
            var gain = (float)(track.Gain * Envelope(track, f));
            for (var c = 0; c < channels; c++) destination[offset + c] += samples[offset + c] * gain;
            f++;
        }
    }

    /// <summary>The level (0 to 1) of the track at programme frame <paramref name="frame"/> from its fades and crossfades.</summary>
    public static double Envelope(AlbumPlacement track, long frame)
    {
        var level = 1.0;
        var inside = frame - track.StartFrame;
        var fromEnd = track.EndFrame - frame; // 1 on the last frame
        if (inside < track.CrossfadeInFrames) level *= Curve(track.CrossfadeCurve, (inside + 0.5) / track.CrossfadeInFrames);
        if (fromEnd <= track.CrossfadeOutFrames) level *= Curve(track.CrossfadeCurve, (fromEnd - 0.5) / track.CrossfadeOutFrames);
        if (inside < track.FadeInFrames) level *= Curve(track.FadeInCurve, (inside + 0.5) / track.FadeInFrames);
        if (fromEnd <= track.FadeOutFrames) level *= Curve(track.FadeOutCurve, (fromEnd - 0.5) / track.FadeOutFrames);
        return level;
    }

    /// <summary>A fade-in's level at <paramref name="x"/> (0 = start, 1 = end); a fade-out reads it backwards.</summary>
    public static double Curve(FadeCurve curve, double x)
    {
        x = Math.Clamp(x, 0, 1);
        return curve switch
        {
            FadeCurve.Linear => x,
            FadeCurve.EqualPower => Math.Sin(Math.PI / 2 * x),
            FadeCurve.SCurve => 0.5 - 0.5 * Math.Cos(Math.PI * x),
            FadeCurve.Exponential => (Math.Pow(10, -3 * (1 - x)) - 1e-3) / (1 - 1e-3), // straight in dB over 60 dB, reaching silence
            _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, null),
        };
    }

    /// <summary>Reads the track's master from <paramref name="sourceFrame"/>, in order (skipping the trimmed start).</summary>
    void ReadTrack(int index, AlbumPlacement track, long sourceFrame, Span<float> samples)
    {
        var channels = Format.Channels;
        var source = _sources[index] ??= OpenChecked(track);
        if (sourceFrame < _consumed[index])
            throw new InvalidOperationException("The album is read front to back; a track's master cannot be read backwards.");
        while (_consumed[index] < sourceFrame) // the trim at the start, or nothing
        {
            var skip = (int)Math.Min(sourceFrame - _consumed[index], samples.Length / channels);
            var got = source.Read(samples[..(skip * channels)]);
            if (got == 0) throw ShortMaster(track);
            _consumed[index] += got;
        }
        var filled = 0;
        while (filled < samples.Length)
        {
            var got = source.Read(samples[filled..]);
            if (got == 0) throw ShortMaster(track);
            filled += got * channels;
            _consumed[index] += got;
        }
    }

    IAudioSource OpenChecked(AlbumPlacement track)
    {
        var source = _open(track);
        if (source.Format.Channels != Format.Channels || source.Format.SampleRateHz != Format.SampleRateHz)
        {
            source.Dispose();
            throw new AudioFileException(
                $"Track {track.Number}'s master is {source.Format.Channels} channel(s) at {source.Format.SampleRateHz} Hz; the album is assembled at {Format.Channels} channel(s), {Format.SampleRateHz} Hz.");
        }
        return source;
    }

    static AudioFileException ShortMaster(AlbumPlacement track) =>
        new($"Track {track.Number}'s master ended before the length the album was laid out for. Render the track again, then the album.");

    void Close(int index)
    {
        _sources[index]?.Dispose();
        _sources[index] = null;
    }

    public void Dispose()
    {
        for (var i = 0; i < _sources.Length; i++) Close(i);
    }
}
