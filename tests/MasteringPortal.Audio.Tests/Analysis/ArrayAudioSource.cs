namespace MasteringPortal.Audio.Tests.Analysis;

/// <summary>
/// An in-memory <see cref="IAudioSource"/> over interleaved samples, for feeding analysers synthetic signals.
/// Hands out at most <paramref name="maxFramesPerRead"/> frames per call so that tests also exercise block
/// boundaries that do not line up with anything.
/// </summary>
internal sealed class ArrayAudioSource(float[] interleaved, AudioFormat format, int maxFramesPerRead = int.MaxValue) : IAudioSource
{
    private int _frame;

    public AudioFormat Format { get; } = format;

    public long? LengthFrames => interleaved.Length / Format.Channels;

    public int Read(Span<float> buffer)
    {
        var channels = Format.Channels;
        var frames = Math.Min(Math.Min(buffer.Length / channels, maxFramesPerRead), interleaved.Length / channels - _frame);
        interleaved.AsSpan(_frame * channels, frames * channels).CopyTo(buffer);
        _frame += frames;
        return frames;
    }

    public void Dispose() { }

    public static ArrayAudioSource Stereo(float[] left, float[] right, int sampleRateHz, int bitDepth = 24,
        SampleEncoding encoding = SampleEncoding.Pcm, string container = "wav", int maxFramesPerRead = int.MaxValue)
    {
        var data = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            data[2 * i] = left[i];
            data[2 * i + 1] = right[i];
        }
        return new ArrayAudioSource(data, new AudioFormat(sampleRateHz, 2, bitDepth, encoding, container), maxFramesPerRead);
    }

    public static ArrayAudioSource Mono(float[] samples, int sampleRateHz, int bitDepth = 24,
        SampleEncoding encoding = SampleEncoding.Pcm, string container = "wav") =>
        new(samples, new AudioFormat(sampleRateHz, 1, bitDepth, encoding, container));
}
