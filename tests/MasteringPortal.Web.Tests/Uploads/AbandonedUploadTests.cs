using System.Net;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>Partial uploads nobody touches for Uploads:AbandonAfterHours are deleted with their part files; recent ones stay.</summary>
[Collection(UploadsCollection.Name)]
public sealed class AbandonedUploadTests(PortalWebFixture portal)
{
    sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    [Fact]
    public async Task An_upload_untouched_past_the_abandon_time_is_deleted_and_a_recent_one_stays()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(1, 40);
        var upload = await ava.BeginOkAsync(projectId, trackId, "forgotten.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0);
        var folder = Path.Combine(portal.UploadsFolder(), upload.UploadId.ToString("N"));
        Assert.True(File.Exists(Path.Combine(folder, "data.part")));

        var services = portal.Factory.Services;
        var options = services.GetRequiredService<IOptions<UploadOptions>>();
        Assert.Equal(24, options.Value.AbandonAfterHours);
        AbandonedUploadCleanup CleanupAt(TimeSpan ahead) =>
            new(services.GetRequiredService<UploadStore>(), options, new LaterClock(ahead), NullLogger<AbandonedUploadCleanup>.Instance);

        await CleanupAt(TimeSpan.FromHours(23)).RunOnceAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await ava.StatusAsync(upload.UploadId)).StatusCode);

        Assert.True(await CleanupAt(TimeSpan.FromHours(25)).RunOnceAsync(CancellationToken.None) >= 1);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(HttpStatusCode.NotFound, (await ava.StatusAsync(upload.UploadId)).StatusCode);
    }
}
