using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Render;

/// <summary>A plain gain (input gain, loudness gain). Unity gain leaves the samples bit-identical.</summary>
public sealed class GainStage(double gainDb) : IAudioProcessor
{
    private readonly float _gain = (float)Math.Pow(10, gainDb / 20);

    public double GainDb { get; } = gainDb;

    public int LatencyFrames => 0;

    public void Process(AudioBlock block)
    {
        if (GainDb == 0) return;
        var gain = _gain;
        for (var c = 0; c < block.ChannelCount; c++)
        {
            var samples = block.Channel(c);
            for (var i = 0; i < samples.Length; i++) samples[i] *= gain;
        }
    }

    public void Reset()
    {
    }
}
