namespace MasteringPortal.Audio.Dsp;

/// <summary>
/// A block of planar audio (one array per channel) that the render chain passes from processor to
/// processor. Samples are float (full scale ±1.0); processors keep their own state in double.
/// The arrays are allocated once per chain and reused, so the inner loops never allocate.
/// </summary>
public sealed class AudioBlock
{
    public AudioBlock(int channels, int capacityFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityFrames, 1);
        Channels = new float[channels][];
        for (var c = 0; c < channels; c++) Channels[c] = new float[capacityFrames];
        CapacityFrames = capacityFrames;
    }

    /// <summary>One array per channel, each at least <see cref="CapacityFrames"/> long.</summary>
    public float[][] Channels { get; }

    public int ChannelCount => Channels.Length;

    public int CapacityFrames { get; }

    /// <summary>How many frames of each channel array are valid in this block.</summary>
    public int Frames { get; set; }

    public Span<float> Channel(int c) => Channels[c].AsSpan(0, Frames);

    /// <summary>Fills this block from interleaved samples.</summary>
    public void Deinterleave(ReadOnlySpan<float> interleaved, int frames)
    {
        var n = ChannelCount;
        Frames = frames;
        if (n == 2)
        {
            StereoInterleaving.Split(interleaved[..(2 * frames)], Channels[0].AsSpan(0, frames), Channels[1].AsSpan(0, frames));
            return;
        }
        for (var c = 0; c < n; c++)
        {
            var dst = Channels[c];
            for (int i = 0, j = c; i < frames; i++, j += n) dst[i] = interleaved[j];
        }
    }

    /// <summary>Writes this block's frames into an interleaved buffer.</summary>
    public void Interleave(Span<float> interleaved)
    {
        var n = ChannelCount;
        if (n == 2)
        {
            StereoInterleaving.Join(Channels[0].AsSpan(0, Frames), Channels[1].AsSpan(0, Frames), interleaved);
            return;
        }
        for (var c = 0; c < n; c++)
        {
            var src = Channels[c];
            for (int i = 0, j = c; i < Frames; i++, j += n) interleaved[j] = src[i];
        }
    }
}

/// <summary>
/// One stage of the mastering chain. Processes a block in place. A processor that looks ahead or
/// uses a linear-phase filter delays its output and says by how much, so the chain can shift the
/// master back into sample-exact alignment with the mix.
/// </summary>
public interface IAudioProcessor
{
    /// <summary>Delay this processor adds, in frames at the chain's sample rate.</summary>
    int LatencyFrames { get; }

    /// <summary>Processes <see cref="AudioBlock.Frames"/> frames of every channel in place.</summary>
    void Process(AudioBlock block);

    /// <summary>Clears all internal state (filter memories, envelopes, delay lines).</summary>
    void Reset();
}
