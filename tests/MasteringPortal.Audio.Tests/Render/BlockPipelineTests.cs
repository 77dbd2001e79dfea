using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Render;

public class BlockPipelineTests
{
    private static AudioBlock Block(int frames, float value)
    {
        var block = new AudioBlock(2, 64) { Frames = frames };
        block.Channel(0).Fill(value);
        block.Channel(1).Fill(-value);
        return block;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_block_arrives_once_in_order_and_as_it_was_when_posted(bool concurrent)
    {
        var seen = new List<(int Frames, float First, float Last, float Right)>();
        using (var pipeline = new BlockPipeline(b => seen.Add((b.Frames, b.Channel(0)[0], b.Channel(0)[^1], b.Channel(1)[0])), concurrent))
        {
            var reused = new AudioBlock(2, 64);
            for (var i = 1; i <= 200; i++)
            {
                // The caller reuses one block, as the chain does: the consumer must see copies.
                reused.Frames = 1 + i % 64;
                reused.Channel(0).Fill(i);
                reused.Channel(1).Fill(-i);
                pipeline.Post(reused);
                reused.Channel(0).Fill(float.NaN);
            }
            pipeline.Complete();
        }
        Assert.Equal(200, seen.Count);
        for (var i = 1; i <= 200; i++) Assert.Equal((1 + i % 64, (float)i, (float)i, (float)-i), seen[i - 1]);
    }

    [Fact]
    public void A_failure_on_the_consumer_thread_reaches_the_caller()
    {
        using var pipeline = new BlockPipeline(b =>
        {
            if (b.Channel(0)[0] == 3) throw new IOException("No space left on device");
        }, concurrent: true);
        var failure = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 1000; i++) pipeline.Post(Block(16, i));
            pipeline.Complete();
        });
        Assert.Equal("No space left on device", failure.Message);
    }

    [Fact]
    public void Disposing_without_completing_stops_the_consumer_and_returns()
    {
        var gate = new ManualResetEventSlim();
        var consumed = 0;
        var pipeline = new BlockPipeline(_ => { gate.Wait(TimeSpan.FromSeconds(30)); Interlocked.Increment(ref consumed); }, concurrent: true);
        for (var i = 0; i < 3; i++) pipeline.Post(Block(8, i));
        gate.Set();
        pipeline.Dispose(); // the caller failed: must not hang, must not throw
        Assert.InRange(consumed, 0, 3);
        Assert.Throws<ObjectDisposedException>(() => pipeline.Post(Block(8, 9)));
    }
}
