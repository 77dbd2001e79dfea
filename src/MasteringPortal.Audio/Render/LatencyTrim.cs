using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Drops the first <c>frames</c> frames of a stream: the delay of the processors before it, so that output
/// frame i lines up with input frame i. The caller feeds as many zero frames at the end to get the tail out.
/// </summary>
internal sealed class LatencyTrim(int frames)
{
    private int _remaining = frames;

    public int Frames { get; } = frames;

    /// <summary>Removes what is still to be dropped from the start of the block (shifting the rest forward).</summary>
    public void Apply(AudioBlock block)
    {
        if (_remaining == 0 || block.Frames == 0) return;
        var drop = Math.Min(_remaining, block.Frames);
        var keep = block.Frames - drop;
        for (var c = 0; c < block.ChannelCount; c++)
            Array.Copy(block.Channels[c], drop, block.Channels[c], 0, keep);
        block.Frames = keep;
        _remaining -= drop;
    }

    public void Reset() => _remaining = Frames;
}
