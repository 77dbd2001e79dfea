using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// GET /api/projects/{id}/uploads/unfinished: after a reload the upload box says "was interrupted: choose the same file
/// again" only while the server still holds that partial upload, and not once it finished, was cancelled, was cleaned
/// up, or another file was stored in the same place since.
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class UnfinishedUploadTests(PortalWebFixture portal)
{
    [Fact]
    public async Task A_partial_upload_is_listed_with_what_arrived_and_goes_once_it_finishes()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(3, 60);
        var upload = await ava.BeginOkAsync(projectId, trackId, "unfinished a.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0, 2);

        var listed = Assert.Single(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == upload.UploadId);
        Assert.Equal("unfinished a.wav", listed.FileName);
        Assert.Equal(wav.Length, listed.SizeBytes);
        Assert.Equal(2L * UploadClient.ChunkBytes, listed.ReceivedBytes);
        Assert.Equal(1_700_000_000_000, listed.LastModified);
        Assert.Empty(await ListAsync(ava, projectId, trackId, "reference")); // another place on the same track

        await ava.PutChunksAsync(upload.UploadId, wav, 1, 3);
        await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));
        Assert.DoesNotContain(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == upload.UploadId);
    }

    [Fact]
    public async Task A_cancelled_upload_and_one_the_clean_up_deleted_are_not_listed()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var first = TestAudio.Wav(2, 61);
        var cancelled = await ava.BeginOkAsync(projectId, trackId, "cancelled.wav", first);
        await ava.PutChunksAsync(cancelled.UploadId, first, 0);
        Assert.Equal(HttpStatusCode.NoContent, (await ava.AbandonAsync(cancelled.UploadId)).StatusCode);
        Assert.DoesNotContain(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == cancelled.UploadId);

        var second = TestAudio.Wav(2, 62);
        var left = await ava.BeginOkAsync(projectId, trackId, "left for a day.wav", second);
        await ava.PutChunksAsync(left.UploadId, second, 0);
        Assert.Contains(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == left.UploadId);
        // The clean-up's rule (untouched for the configured hours), applied as if a day and an hour had passed.
        var store = portal.Factory.Services.GetRequiredService<UploadStore>();
        await store.DeleteAbandonedAsync(TimeSpan.FromHours(24), DateTimeOffset.UtcNow.AddHours(25), CancellationToken.None);
        Assert.DoesNotContain(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == left.UploadId);
    }

    [Fact]
    public async Task A_partial_upload_is_not_listed_after_another_file_finished_in_the_same_place()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var stale = TestAudio.Wav(2, 63);
        var upload = await ava.BeginOkAsync(projectId, trackId, "stale attempt.wav", stale);
        await ava.PutChunksAsync(upload.UploadId, stale, 0);
        Assert.Contains(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == upload.UploadId);

        await ava.UploadAsync(projectId, trackId, "the mix that made it.wav", TestAudio.Wav(1, 64));

        Assert.DoesNotContain(await ListAsync(ava, projectId, trackId, "mix"), u => u.UploadId == upload.UploadId);
        await ava.AbandonAsync(upload.UploadId);
    }

    [Fact]
    public async Task Nobody_else_sees_the_upload_and_another_clients_project_answers_not_found()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns"); // Ava's
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(2, 65);
        var upload = await ava.BeginOkAsync(projectId, trackId, "only mine.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0);
        try
        {
            using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
            Assert.DoesNotContain(await ListAsync(engineer, projectId, trackId, "mix"), u => u.UploadId == upload.UploadId);

            using var ben = await UploadClient.SignedInAsync(portal, DemoSeeder.SecondClientEmail, DemoSeeder.Password);
            var refused = await ben.Http.GetAsync(Url(projectId, trackId, "mix"));
            var (status, detail, _) = await UploadClient.ProblemAsync(refused);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("This project was not found.", detail);

            using var anonymous = portal.NewClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url(projectId, trackId, "mix"))).StatusCode);
        }
        finally
        {
            await ava.AbandonAsync(upload.UploadId);
        }
    }

    static string Url(Guid projectId, Guid trackId, string kind) => $"/api/projects/{projectId}/uploads/unfinished?trackId={trackId}&kind={kind}";

    static async Task<List<UnfinishedUpload>> ListAsync(UploadClient client, Guid projectId, Guid trackId, string kind) =>
        await UploadClient.OkAsync<List<UnfinishedUpload>>(await client.Http.GetAsync(Url(projectId, trackId, kind)));
}
