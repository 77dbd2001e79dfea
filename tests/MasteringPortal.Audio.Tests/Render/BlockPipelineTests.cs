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
        // The consumer is held inside the first block until Dispose has cancelled and waits for it; the blocks still
        // queued (the rest of its batch, the next batch and a part-filled one) must then be dropped, not consumed.
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var consumed = 0;
        var pipeline = new BlockPipeline(_ =>
        {
            if (Interlocked.Increment(ref consumed) == 1)
            {
                started.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }, concurrent: true);
        for (var i = 0; i < 2 * BlockPipeline.BatchBlocks + 2; i++) pipeline.Post(Block(8, i));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the consumer never took the first block");

        Exception? disposeFailure = null;
        var disposer = new Thread(() =>
        {
            try { pipeline.Dispose(); } catch (Exception e) { disposeFailure = e; } // the caller failed: must not throw
        });
        disposer.Start();
        // Dispose cancels before it joins the consumer, so once its thread blocks the cancellation has happened.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (disposer.IsAlive && (disposer.ThreadState & ThreadState.WaitSleepJoin) == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(1);
        release.Set();

        Assert.True(disposer.Join(TimeSpan.FromSeconds(30)), "Dispose did not return"); // must not hang
        Assert.Null(disposeFailure);
        Assert.Equal(1, consumed);
        Assert.Throws<ObjectDisposedException>(() => pipeline.Post(Block(8, 9)));
    }
}
