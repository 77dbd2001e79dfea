using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Audio.Tests.Dsp.Resampling;

/// <summary>Output aligned with input (frame k is input time k/fsOut), exact length, and streaming that does not depend on block size.</summary>
public class ResamplerTimingTests
{
    [Theory]
    [InlineData(44100, 48000, 4410)]   // 4410 input frames = 4800 output frames: whole on both grids
    [InlineData(48000, 44100, 4800)]
    [InlineData(96000, 44100, 3200)]
    [InlineData(44100, 192000, 441)]
    public void An_impulse_lands_at_the_same_time_in_the_output(int inputRateHz, int outputRateHz, int impulseAt)
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(inputRateHz, outputRateHz));
        var input = new float[inputRateHz / 2];
        input[impulseAt] = 1f;
        var output = ResamplerTestRun.Convert(design, input);

        var expectedAt = (int)((long)impulseAt * outputRateHz / inputRateHz);
        var peakAt = 0;
        for (var i = 1; i < output.Length; i++) if (Math.Abs(output[i]) > Math.Abs(output[peakAt])) peakAt = i;
        Assert.Equal(expectedAt, peakAt);
        // Linear phase: the response is symmetric about the impulse's time.
        for (var d = 1; d < 50; d++) Assert.Equal(output[expectedAt - d], output[expectedAt + d], 6);
    }

    [Theory]
    [InlineData(44100, 48000, 44100, 48000)]
    [InlineData(48000, 44100, 48001, 44101)]  // ceil(48001 · 147/160) = 44101
    [InlineData(96000, 44100, 1000, 460)]     // ceil(1000 · 147/320) = 460
    [InlineData(44100, 88200, 7, 14)]
    public void After_flush_the_output_lasts_as_long_as_the_input(int inputRateHz, int outputRateHz, int inputFrames, int expectedOutputFrames)
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(inputRateHz, outputRateHz));
        var output = ResamplerTestRun.Convert(design, new float[inputFrames]);
        Assert.Equal(expectedOutputFrames, output.Length);
    }

    [Fact]
    public void Block_size_does_not_change_a_single_output_sample()
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(44100, 48000));
        var random = new Random(7);
        var input = new float[30000];
        for (var i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
        var whole = ResamplerTestRun.Convert(design, input, input.Length);
        var small = ResamplerTestRun.Convert(design, input, 37);
        var odd = ResamplerTestRun.Convert(design, input, 5000);
        Assert.Equal(whole, small);
        Assert.Equal(whole, odd);
    }

    [Fact]
    public void Every_channel_is_converted_alike_through_the_block_api()
    {
        var resampler = new Resampler(new ResamplerSettings(48000, 44100), channels: 2);
        var input = new AudioBlock(2, 4800);
        var tone = SineMeasure.Sine(4800, 1000, 48000, 0.5);
        tone.CopyTo(input.Channels[0], 0);
        tone.CopyTo(input.Channels[1], 0);
        input.Frames = 4800;
        var output = new AudioBlock(2, resampler.MaxOutputFrames(4800));
        var frames = resampler.Process(input, output);
        Assert.True(frames > 0);
        Assert.Equal(output.Channel(0).ToArray(), output.Channel(1).ToArray());
        Assert.Equal(0, resampler.LatencyFrames);
    }

    [Fact]
    public void Equal_rates_pass_the_samples_through_untouched()
    {
        var design = ResamplerDesign.Create(new ResamplerSettings(48000, 48000));
        var input = SineMeasure.Sine(1000, 997, 48000, 0.7);
        Assert.Equal(input, ResamplerTestRun.Convert(design, input, 300));
    }
}
