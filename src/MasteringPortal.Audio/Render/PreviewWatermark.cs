namespace MasteringPortal.Audio.Render;

/// <summary>
/// The audible mark in a preview: a short 1 kHz blip every <see cref="EverySeconds"/> seconds, the
/// first half an interval into the track so that even a short song carries one. Under the blip the programme
/// is ducked by 6 dB, so the mark is heard in loud passages too and the sum never exceeds the master's own
/// peak: with the programme at most 1.0, (1 - e/2)·1.0 + e·ToneAmplitude stays below 1.0 for every envelope
/// value e in 0…1. Deterministic: the output depends only on the input and the frame position, so a re-run of
/// a render writes the same preview bytes.
/// </summary>
public sealed class PreviewWatermark
{
    /// <summary>Blip pitch: the middle of the ear's most sensitive range, clearly not part of the music.</summary>
    public const double ToneHz = 1000;

    /// <summary>Length of one blip including its fades.</summary>
    public const double BlipSeconds = 0.3;

    /// <summary>Raised-cosine fade in and out, so the blip starts and ends without a click.</summary>
    public const double FadeSeconds = 0.04;

    /// <summary>Peak of the tone: -20 dBFS.</summary>
    public const double ToneAmplitude = 0.1;

    /// <summary>How far the programme is lowered under the blip at full envelope (6 dB).</summary>
    public const double DuckFactor = 0.5;

    readonly int sampleRateHz;
    readonly long periodFrames;
    readonly long firstFrame;
    readonly int blipFrames;
    readonly int fadeFrames;

    public PreviewWatermark(int sampleRateHz, int everySeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 8000);
        ArgumentOutOfRangeException.ThrowIfLessThan(everySeconds, 1);
        this.sampleRateHz = sampleRateHz;
        EverySeconds = everySeconds;
        periodFrames = (long)everySeconds * sampleRateHz;
        firstFrame = periodFrames / 2;
        blipFrames = (int)Math.Round(BlipSeconds * sampleRateHz);
        fadeFrames = (int)Math.Round(FadeSeconds * sampleRateHz);
    }

    public int EverySeconds { get; }

    /// <summary>Start of blip <paramref name="index"/> (0, 1, …) in frames from the start of the track.</summary>
    public long BlipStartFrame(long index) => firstFrame + index * periodFrames;

    /// <summary>
    /// Marks <paramref name="interleaved"/> in place; <paramref name="startFrame"/> is the position of its first
    /// frame in the track. Every channel gets the same blip.
    /// </summary>
    public void Apply(Span<float> interleaved, int channels, long startFrame)
    {
        var frames = interleaved.Length / channels;
        var i = 0;
        while (i < frames)
        {
            var position = startFrame + i;
            var offset = BlipOffset(position);
            if (offset < 0)
            {
                // Skip straight to the next blip (or the end of the block).
                var next = NextBlipStart(position);
                i = (int)Math.Min(frames, i + (next - position));
                continue;
            }
            var end = Math.Min(frames, i + (blipFrames - offset));
            for (; i < end; i++, offset++)
            {
                var envelope = Envelope(offset);
                var tone = (float)(ToneAmplitude * envelope * Math.Sin(2 * Math.PI * ToneHz * offset / sampleRateHz));
                var gain = (float)(1 - DuckFactor * envelope);
                var frame = interleaved.Slice(i * channels, channels);
                for (var c = 0; c < channels; c++) frame[c] = frame[c] * gain + tone;
            }
        }
    }

    /// <summary>Frames since the start of the blip that covers <paramref name="position"/>, or -1 outside a blip.</summary>
    int BlipOffset(long position)
    {
        if (position < firstFrame) return -1;
        var offset = (position - firstFrame) % periodFrames;
        return offset < blipFrames ? (int)offset : -1;
    }

    long NextBlipStart(long position)
    {
        if (position < firstFrame) return firstFrame;
        var index = (position - firstFrame) / periodFrames + 1;
        return BlipStartFrame(index);
    }

    double Envelope(int offset)
    {
        var fromEdge = Math.Min(offset, blipFrames - 1 - offset);
        if (fromEdge >= fadeFrames) return 1;
        return 0.5 - 0.5 * Math.Cos(Math.PI * fromEdge / fadeFrames);
    }
}
