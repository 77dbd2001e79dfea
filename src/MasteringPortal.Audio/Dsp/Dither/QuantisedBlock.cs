namespace MasteringPortal.Audio.Dsp.Dither;

/// <summary>
/// Proof that a block has been dithered and sits on a fixed-point grid: only <see cref="TpdfDither"/> makes
/// one (the constructor is internal), and a writer of integer PCM takes this type rather than a bare
/// <see cref="AudioBlock"/>. The dither cannot take one back in, so it cannot be applied twice; the render
/// pipeline can also assert <see cref="IsOnGrid"/> before it writes.
/// </summary>
public sealed class QuantisedBlock
{
    internal QuantisedBlock(AudioBlock block, int bitDepth)
    {
        Block = block;
        BitDepth = bitDepth;
    }

    /// <summary>The samples, each an exact multiple of 1/2^(BitDepth−1) in [−1, 1 − LSB].</summary>
    public AudioBlock Block { get; }

    public int BitDepth { get; }

    public int Frames => Block.Frames;

    /// <summary>Checks every sample is a whole number of LSBs within the format's range.</summary>
    public bool IsOnGrid()
    {
        var scale = (double)(1L << (BitDepth - 1));
        for (var c = 0; c < Block.ChannelCount; c++)
            foreach (var sample in Block.Channel(c))
            {
                var steps = sample * scale;
                if (steps != Math.Floor(steps) || steps < -scale || steps > scale - 1) return false;
            }
        return true;
    }
}
