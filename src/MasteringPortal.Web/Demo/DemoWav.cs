using MasteringPortal.Audio.IO;

namespace MasteringPortal.Web.Demo;

/// <summary>
/// Encodes the demo mixes as 24-bit PCM WAV with the audio engine's <see cref="WavWriter"/>. The writer
/// rounds without dither, so TPDF dither of ±1 LSB is added here first, from a seeded generator: the same
/// demo gives the same bytes, hence the same storage key, on every machine.
/// </summary>
public static class DemoWav
{
    const double LsbOf24Bit = 1.0 / 8_388_608; // 2^-23 of full scale

    public static byte[] Encode24(ReadOnlySpan<float> interleaved, int channels, int sampleRateHz, uint ditherSeed)
    {
        var dithered = new float[interleaved.Length];
        var state = ditherSeed | 1;
        for (var i = 0; i < interleaved.Length; i++)
        {
            // Triangular PDF: the sum of two uniform values in [-0.5, 0.5) LSB.
            var tpdf = Uniform(ref state) + Uniform(ref state);
            dithered[i] = (float)(interleaved[i] + tpdf * LsbOf24Bit);
        }
        var path = Path.Combine(Path.GetTempPath(), $"mp-demo-{Guid.NewGuid():N}.wav");
        try
        {
            // Stereo gets WAVE_FORMAT_EXTENSIBLE with the front-left/front-right mask, as Microsoft asks for >16-bit PCM.
            using (var writer = new WavWriter(path, PcmWriteFormat.Pcm24(sampleRateHz, channels),
                       channelMask: channels == 2 ? WavWriter.DefaultChannelMask(2) : null))
            {
                writer.Write(dithered);
                writer.Complete();
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>xorshift32 mapped to [-0.5, 0.5).</summary>
    static double Uniform(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state / 4_294_967_296.0 - 0.5;
    }
}
