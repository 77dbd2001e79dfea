using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Audio.Tests.Dsp.Resampling;

/// <summary>Pushes a whole mono signal through a converter in blocks and flushes it.</summary>
internal static class ResamplerTestRun
{
    public static float[] Convert(ResamplerDesign design, float[] input, int blockFrames = 4096)
    {
        var channel = new ChannelResampler(design);
        var output = new List<float>(channel.MaxOutputFrames(input.Length));
        var buffer = new float[channel.MaxOutputFrames(blockFrames)];
        for (var start = 0; start < input.Length; start += blockFrames)
        {
            var n = Math.Min(blockFrames, input.Length - start);
            var got = channel.Process(input.AsSpan(start, n), buffer);
            output.AddRange(buffer.AsSpan(0, got));
        }
        int tail;
        while ((tail = channel.Flush(buffer)) > 0) output.AddRange(buffer.AsSpan(0, tail));
        return output.ToArray();
    }
}
