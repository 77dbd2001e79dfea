using System.Net;
using System.Net.Http.Json;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Features.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// The owner archives a project: its files move into the store's archive folder (content a live project shares stays),
/// the project says so, its files answer with a sentence instead of audio, and bringing it back moves them home and
/// they play again. Nobody but the studio's owner can do either, and a refused call changes nothing.
/// </summary>
public sealed class ProjectArchiveTests(ClientDataWorld world) : IClassFixture<ClientDataWorld>
{
    static readonly DateTimeOffset Delivered = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);

    LocalFileStore Store => world.Factory.Services.GetRequiredService<LocalFileStore>();

    static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Guid projectId)
    {
        var token = (await client.GetFromJsonAsync<AntiforgeryTokenResponse>("/api/uploads/antiforgery"))!;
        var request = new HttpRequestMessage(method, $"/api/projects/{projectId}/archive");
        request.Headers.Add(token.HeaderName, token.Token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Archived_files_move_to_the_archive_answer_with_a_sentence_and_come_back_when_the_owner_asks()
    {
        var project = await world.ProjectAsync("Archived song", ProjectStatus.Delivered, Delivered);
        using var owner = await world.SignedInAsync(DemoSeeder.EngineerEmail);
        using var ava = await world.SignedInAsync(DemoSeeder.ClientEmail);
        var files = new[] { project.Mix, project.Reference, project.Preview, project.ApprovedMaster, project.OtherMaster };

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Post, project.Id)).StatusCode);
        Assert.All(files, f => Assert.True(Store.IsArchived(f.StorageKey), f.OriginalName));
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(Store.Root, LocalFileStore.ArchiveRelativePath(f.StorageKey)))));

        var refused = await ava.GetAsync($"/api/files/{project.ApprovedMaster.Id}/audio");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("This project is archived", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await owner.GetAsync($"/api/files/{project.Mix.Id}/audio")).StatusCode);
        var page = WebUtility.HtmlDecode(await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"project-archived\"", page);
        Assert.Contains(ProjectCommands.ArchivedNotice, page);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var review = await world.Factory.Services.GetRequiredService<ReviewQueries>()
                .LoadAsync(db, await db.ViewerAsync(world.Ava), project.Id, project.TrackId);
            Assert.All(review!.Sources, s => Assert.Equal((null, ProjectCommands.ArchivedNotice), (s.AudioUrl, s.AudioNote)));
        }
        // Archiving again changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Post, project.Id)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Delete, project.Id)).StatusCode);
        Assert.All(files, f => Assert.False(Store.IsArchived(f.StorageKey), f.OriginalName));
        Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{project.ApprovedMaster.Id}/audio")).StatusCode);
        Assert.DoesNotContain("data-testid=\"project-archived\"", await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync());
        var again = await SendAsync(owner, HttpMethod.Delete, project.Id);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("not archived", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Content_a_live_project_shares_stays_in_place_and_keeps_playing()
    {
        var content = Guid.NewGuid().ToByteArray().Concat(new byte[8192]).ToArray();
        var archived = await world.ProjectAsync("Shared mix, archived", ProjectStatus.Delivered, Delivered, content);
        var live = await world.ProjectAsync("Shared mix, live", ProjectStatus.InReview, deliveredAt: null, content);
        using var owner = await world.SignedInAsync(DemoSeeder.EngineerEmail);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Post, archived.Id)).StatusCode);
        Assert.False(Store.IsArchived(live.Mix.StorageKey));
        Assert.True(Store.IsArchived(archived.Preview.StorageKey));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/files/{live.Mix.Id}/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.GetAsync($"/api/files/{archived.Mix.Id}/audio")).StatusCode);
    }

    [Fact]
    public async Task Only_the_studios_owner_archives_and_a_refused_call_changes_nothing()
    {
        var project = await world.ProjectAsync("Not yours to archive", ProjectStatus.Delivered, Delivered);
        foreach (var email in new[] { DemoSeeder.ClientEmail, DemoSeeder.SecondClientEmail })
        {
            using var client = await world.SignedInAsync(email);
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Post, project.Id)).StatusCode);
        }
        using var anonymous = world.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/projects/{project.Id}/archive", null)).StatusCode);
        using var owner = await world.SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Post, Guid.NewGuid())).StatusCode);

        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Null((await db.Projects.SingleAsync(p => p.Id == project.Id)).ArchivedAt);
        Assert.False(Store.IsArchived(project.Mix.StorageKey));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/files/{project.Mix.Id}/audio")).StatusCode);
    }
}
