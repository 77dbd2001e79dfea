using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Payments;

namespace MasteringPortal.Web.Tests.Delivery;

/// <summary>Runs alone (no other test class allocating at the same time), because it measures the process's live memory.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "measures memory, runs alone";
}

/// <summary>The project ZIP is written into the response as it is read: the server's memory does not grow with the download.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class LargeZipTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    [Fact]
    public async Task The_zip_of_a_large_project_streams_with_flat_memory()
    {
        // 3 tracks × 2 WAV masters × 24 MB = 144 MB through the real endpoint; the server must never hold a file, let alone the ZIP.
        const int MasterBytes = 24 * 1024 * 1024;
        var project = await portal.NewApprovedProjectAsync(tracks: 3, masterBytes: MasterBytes);
        await portal.MarkPaidAsync(project.Id);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var response = await ava.GetAsync($"/api/projects/{project.Id}/delivery.zip", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0, nextSample = 0, peakGrowth = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
            if (total < nextSample) continue;
            nextSample += 16 * 1024 * 1024;
            // Live managed memory (after a full collection) of the whole test process, server included.
            peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        // Each track's two WAVs are tagged as they stream (the MP3s are short files made by ffmpeg).
        var payload = 6L * MasterBytes;
        Assert.True(total > payload, $"{total} bytes streamed for {payload} bytes of masters");
        // Bounded by buffers, not by the download: far below one master (24 MB), let alone the 144 MB ZIP.
        Assert.True(peakGrowth < 16 * 1024 * 1024, $"live memory grew by {peakGrowth / (1024 * 1024.0):0.0} MB while streaming {total / (1024 * 1024.0):0} MB");
    }
}
