using System.Net;
using System.Net.Http.Json;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>Who may upload where and when: only to a project one may edit, a client only before submission, an upload only by its owner.</summary>
[Collection(UploadsCollection.Name)]
public sealed class UploadAccessTests(PortalWebFixture portal)
{
    [Fact]
    public async Task A_client_uploading_to_another_clients_project_gets_not_found_and_nothing_is_stored()
    {
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var foldersBefore = UploadFolders();
        foreach (var title in new[] { "Late Bus Home", "Blue Hour Sessions" })
        {
            var (projectId, trackId) = await TrackOfAsync(title);
            var (status, detail, _) = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "mine.wav", TestAudio.Wav(1, 30)));
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(title, detail);
        }
        // Exactly the answer for a project that does not exist.
        var (noneStatus, noneDetail, _) = await UploadClient.ProblemAsync(await ava.BeginAsync(Guid.NewGuid(), Guid.NewGuid(), "mine.wav", TestAudio.Wav(1, 30)));
        Assert.Equal(HttpStatusCode.NotFound, noneStatus);
        Assert.Equal("This project was not found.", noneDetail);
        Assert.Equal(foldersBefore, UploadFolders());
    }

    [Fact]
    public async Task A_client_cannot_upload_after_submission_but_the_engineer_can()
    {
        var (projectId, trackId) = await TrackOfAsync("Late Bus Home"); // Ben's, submitted
        var wav = TestAudio.Wav(1, 31);
        using (var ben = await UploadClient.SignedInAsync(portal, DemoSeeder.SecondClientEmail, DemoSeeder.Password))
        {
            var (status, detail, _) = await UploadClient.ProblemAsync(await ben.BeginAsync(projectId, trackId, "new mix.wav", wav));
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("has been submitted to the studio", detail);
        }
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var id = await engineer.UploadAsync(projectId, trackId, "client sent by mail.wav", wav);
        Assert.NotEqual(Guid.Empty, id);
    }

    [Fact]
    public async Task A_client_whose_project_is_submitted_mid_upload_cannot_finish_it()
    {
        await using var db = await DbAsync();
        var (projectId, trackId) = await TrackOfAsync("Paper Lanterns");
        var wav = TestAudio.Wav(1, 32);
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var upload = await ava.BeginOkAsync(projectId, trackId, "late.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0);

        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Core.Domain.ProjectStatus.Submitted));
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.PutChunkAsync(upload.UploadId, wav, 1)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.CompleteAsync(upload.UploadId)).StatusCode);
        }
        finally
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Core.Domain.ProjectStatus.Draft));
        }
        Assert.Equal(HttpStatusCode.NoContent, (await ava.AbandonAsync(upload.UploadId)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_get_401()
    {
        using var anonymous = portal.NewClient();
        var (projectId, trackId) = await TrackOfAsync("Paper Lanterns");
        var begin = await anonymous.PostAsJsonAsync($"/api/projects/{projectId}/uploads",
            new BeginUploadRequest("mix", trackId, null, "x.wav", 1000, new string('a', 64)));
        Assert.Equal(HttpStatusCode.Unauthorized, begin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"/api/uploads/{Guid.NewGuid()}/chunks/0", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/uploads/antiforgery")).StatusCode);
    }

    [Fact]
    public async Task Another_user_cannot_continue_finish_see_or_cancel_someone_elses_upload()
    {
        var (projectId, trackId) = await TrackOfAsync("Paper Lanterns");
        var wav = TestAudio.Wav(1, 33);
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var upload = await ava.BeginOkAsync(projectId, trackId, "avas.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0);

        // The engineer may edit the project, but did not begin this upload.
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.PutChunkAsync(upload.UploadId, wav, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.StatusAsync(upload.UploadId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.CompleteAsync(upload.UploadId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.AbandonAsync(upload.UploadId)).StatusCode);
        // Beginning the same file does not hand the engineer Ava's upload either.
        var own = await engineer.BeginOkAsync(projectId, trackId, "avas.wav", wav);
        Assert.NotEqual(upload.UploadId, own.UploadId);
        Assert.Empty(own.ReceivedChunks);
        await engineer.AbandonAsync(own.UploadId);

        var status = await UploadClient.OkAsync<UploadStatus>(await ava.StatusAsync(upload.UploadId));
        Assert.Equal([0], status.ReceivedChunks);
        Assert.Equal(HttpStatusCode.NoContent, (await ava.AbandonAsync(upload.UploadId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ava.StatusAsync(upload.UploadId)).StatusCode);
    }

    [Fact]
    public async Task A_change_without_the_antiforgery_header_is_refused()
    {
        using var http = portal.NewClient();
        await Forms.SignInAsync(http, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var (projectId, trackId) = await TrackOfAsync("Paper Lanterns");
        var foldersBefore = UploadFolders();
        var wav = TestAudio.Wav(1, 34);
        var response = await http.PostAsJsonAsync($"/api/projects/{projectId}/uploads",
            new BeginUploadRequest("mix", trackId, null, "forged.wav", wav.Length, UploadClient.Sha256(wav)));
        var (status, detail, _) = await UploadClient.ProblemAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("security token", detail);
        Assert.Equal(foldersBefore, UploadFolders());
    }

    [Fact]
    public async Task Too_many_unfinished_uploads_are_refused_until_one_is_cancelled()
    {
        var (projectId, trackId) = await TrackOfAsync("Late Bus Home");
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var limit = portal.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadOptions>>().Value.MaxUnfinishedPerUser;
        var started = new List<Guid>();
        try
        {
            for (var i = 0; i < limit; i++)
                started.Add((await engineer.BeginOkAsync(projectId, trackId, $"take {i}.wav", TestAudio.Wav(0.1, (uint)(100 + i)))).UploadId);
            var (status, detail, _) = await UploadClient.ProblemAsync(await engineer.BeginAsync(projectId, trackId, "one more.wav", TestAudio.Wav(0.1, 99)));
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.Contains($"You have {limit} unfinished uploads", detail);

            await engineer.AbandonAsync(started[0]);
            started.RemoveAt(0);
            started.Add((await engineer.BeginOkAsync(projectId, trackId, "one more.wav", TestAudio.Wav(0.1, 99))).UploadId);
        }
        finally
        {
            foreach (var id in started) await engineer.AbandonAsync(id);
        }
    }

    string[] UploadFolders()
    {
        var root = portal.UploadsFolder();
        return Directory.Exists(root) ? Directory.GetDirectories(root).Order().ToArray() : [];
    }

    Task<PortalDbContext> DbAsync() => portal.DbAsync();

    Task<(Guid ProjectId, Guid TrackId)> TrackOfAsync(string projectTitle) => portal.TrackOfAsync(projectTitle);
}
