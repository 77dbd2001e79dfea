using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace MasteringPortal.Web.Tests.Abuse;

/// <summary>
/// The upload limit as shipped in the root appsettings.json lets a whole large file through from one network: as many
/// pieces as a 2 GB file has in 8 MB chunks (256), sent as fast as loopback allows, all accepted and stored intact.
/// </summary>
public sealed class ShippedUploadLimitTests(ShippedUploadLimitTests.ShippedLimits world) : IClassFixture<ShippedUploadLimitTests.ShippedLimits>
{
    public sealed class ShippedLimits() : NetworkWorld(Shipped());

    /// <summary>The <c>RateLimits:Uploads</c> keys of the root appsettings.json, put back over the test defaults.</summary>
    static Dictionary<string, string?> Shipped()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(PortalFactory.RepositoryRoot, "appsettings.json")).Build()
            .GetSection("RateLimits:Uploads");
        Assert.True(shipped.Exists(), "appsettings.json has no RateLimits:Uploads section");
        return shipped.GetChildren().ToDictionary(c => "RateLimits:Uploads:" + c.Key, c => c.Value);
    }

    [Fact]
    public async Task A_file_of_256_pieces_uploads_within_the_shipped_limit()
    {
        const int pieces = 256;
        // 256 chunks of 256 KiB (the smallest chunk), the last one short: 24-bit stereo 48 kHz is 288,000 bytes a second.
        var wav = TestAudio.Wav((pieces - 0.5) * UploadClient.ChunkBytes / 288_000.0, seed: 51);
        Guid projectId, trackId;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var track = await db.Tracks.AsNoTracking().Where(t => t.Project!.Title == "Paper Lanterns").OrderBy(t => t.Position).FirstAsync();
            (projectId, trackId) = (track.ProjectId, track.Id);
        }
        using var ava = await world.UploaderAsync("192.0.2.10", DemoSeeder.ClientEmail, DemoSeeder.Password);
        var upload = await ava.BeginOkAsync(projectId, trackId, "whole album side.wav", wav);
        Assert.Equal(pieces, upload.ChunkCount);

        // Four in flight at once, as a browser with a fast connection sends them.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < pieces; i = Interlocked.Increment(ref next))
                await UploadClient.OkAsync<UploadStatus>(await ava.PutChunkAsync(upload.UploadId, wav, i));
        }));
        var done = await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));

        await using var check = await world.Db.CreateDbContextAsync();
        Assert.Equal(UploadClient.Sha256(wav), (await check.FileAssets.SingleAsync(f => f.Id == done.FileAssetId)).Sha256);
    }
}
