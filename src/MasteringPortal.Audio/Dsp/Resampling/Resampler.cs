namespace MasteringPortal.Audio.Dsp.Resampling;

/// <summary>
/// Sample-rate conversion of planar multichannel audio between any two of the common rates
/// (44.1, 48, 88.2, 96, 176.4, 192 kHz): a rational L/M polyphase Kaiser-windowed sinc, flat within
/// 0.01 dB to 20 kHz and at least 120 dB down above the lower Nyquist frequency, transparent for mastering.
/// </summary>
/// <remarks>
/// Not an <see cref="IAudioProcessor"/>: it changes the frame count, so it streams from one block into
/// another. It adds no latency for the chain to trim: output frame k is input time k / OutputRateHz
/// (the filter's group delay, <see cref="ResamplerDesign.FilterDelayInputFrames"/>, is compensated
/// inside), and after <see cref="Flush"/> the output lasts exactly as long as the input (rounded up
/// to a whole frame).
/// </remarks>
public sealed class Resampler
{
    private readonly ChannelResampler[] _channels;

    public Resampler(ResamplerSettings settings, int channels)
        : this(ResamplerDesign.Create(settings), channels)
    {
    }

    public Resampler(ResamplerDesign design, int channels)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Design = design;
        _channels = new ChannelResampler[channels];
        for (var c = 0; c < channels; c++) _channels[c] = new ChannelResampler(design);
    }

    public ResamplerDesign Design { get; }

    public int InputRateHz => Design.Settings.InputRateHz;

    public int OutputRateHz => Design.Settings.OutputRateHz;

    public int ChannelCount => _channels.Length;

    /// <summary>Delay the chain must compensate for this stage, in output frames: always 0 (see remarks).</summary>
    public int LatencyFrames => 0;

    /// <summary>Output capacity a block of <paramref name="inputFrames"/> frames needs.</summary>
    public int MaxOutputFrames(int inputFrames) => _channels[0].MaxOutputFrames(inputFrames);

    /// <summary>
    /// Converts <paramref name="input"/>.Frames frames of every channel into <paramref name="output"/>
    /// (whose capacity must be at least <see cref="MaxOutputFrames"/>), sets output.Frames and returns it.
    /// </summary>
    public int Process(AudioBlock input, AudioBlock output)
    {
        CheckChannels(input.ChannelCount, output.ChannelCount);
        var frames = 0;
        for (var c = 0; c < _channels.Length; c++)
            frames = _channels[c].Process(input.Channel(c), output.Channels[c].AsSpan(0, output.CapacityFrames));
        output.Frames = frames;
        return frames;
    }

    /// <summary>Planar variant of <see cref="Process(AudioBlock, AudioBlock)"/>: one array per channel.</summary>
    public int Process(float[][] input, int inputFrames, float[][] output)
    {
        CheckChannels(input.Length, output.Length);
        var frames = 0;
        for (var c = 0; c < _channels.Length; c++)
            frames = _channels[c].Process(input[c].AsSpan(0, inputFrames), output[c]);
        return frames;
    }

    /// <summary>
    /// Ends the stream: writes the remaining frames (at most output.CapacityFrames per call) into
    /// <paramref name="output"/>, sets output.Frames and returns it; call until it returns 0.
    /// </summary>
    public int Flush(AudioBlock output)
    {
        CheckChannels(output.ChannelCount, output.ChannelCount);
        var frames = 0;
        for (var c = 0; c < _channels.Length; c++)
            frames = _channels[c].Flush(output.Channels[c].AsSpan(0, output.CapacityFrames));
        output.Frames = frames;
        return frames;
    }

    /// <summary>Planar variant of <see cref="Flush(AudioBlock)"/>.</summary>
    public int Flush(float[][] output)
    {
        CheckChannels(output.Length, output.Length);
        var frames = 0;
        for (var c = 0; c < _channels.Length; c++) frames = _channels[c].Flush(output[c]);
        return frames;
    }

    public void Reset()
    {
        foreach (var channel in _channels) channel.Reset();
    }

    private void CheckChannels(int inputChannels, int outputChannels)
    {
        if (inputChannels != _channels.Length || outputChannels != _channels.Length)
            throw new ArgumentException($"This converter was set up for {_channels.Length} channels.");
    }
}
