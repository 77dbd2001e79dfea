using MasteringPortal.Audio.Dsp;

namespace MasteringPortal.Audio.Tests.Dsp.Dither;

internal static class DitherTestSignals
{
    /// <summary>
    /// A mono block of a 997 Hz sine (a frequency with no simple relation to the sample rate, as AES17
    /// suggests) at the given amplitude, with samples off the 16-bit grid like any processed audio.
    /// </summary>
    public static AudioBlock Sine(int frames, double amplitude, int sampleRateHz = 44100, int channels = 1)
    {
        var block = new AudioBlock(channels, frames) { Frames = frames };
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                block.Channels[c][i] = (float)(amplitude * Math.Sin(2 * Math.PI * 997.0 * i / sampleRateHz));
        return block;
    }

    public static float[] Copy(AudioBlock block, int channel) => block.Channel(channel).ToArray();

    /// <summary>Mean power of the difference between two signals.</summary>
    public static double ErrorPower(ReadOnlySpan<float> reference, ReadOnlySpan<float> dithered)
    {
        var sum = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var e = (double)dithered[i] - reference[i];
            sum += e * e;
        }
        return sum / reference.Length;
    }
}
