using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// A replaced mix stays the project's, to hear and download on both sides: the project's client and the studio's
/// engineer get its bytes, another client gets the answer for a file that does not exist, and a mix the retention
/// policy removed is refused to everyone with a sentence saying so (and the page shows that sentence, not a player).
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class EarlierMixTests(PortalWebFixture portal)
{
    [Fact]
    public async Task The_client_and_the_engineer_hear_and_download_an_earlier_mix_and_another_client_does_not()
    {
        var (projectId, trackId, first, firstId) = await ReplacedMixAsync(70);

        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var page = await ava.Http.GetStringAsync($"/projects/{projectId}");
        Assert.Contains($"src=\"/api/files/{firstId}/audio\"", page);
        Assert.Contains($"href=\"/api/files/{firstId}/audio?download=1\"", page);

        var download = await ava.Http.GetAsync($"/api/files/{firstId}/audio?download=1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("first take.wav", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal(first, await download.Content.ReadAsByteArrayAsync());

        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var streamed = await engineer.Http.GetAsync($"/api/files/{firstId}/audio");
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal(first, await streamed.Content.ReadAsByteArrayAsync());
        Assert.Contains($"src=\"/api/files/{firstId}/audio\"", await engineer.Http.GetStringAsync($"/projects/{projectId}/tracks/{trackId}/workspace"));

        using var ben = await UploadClient.SignedInAsync(portal, DemoSeeder.SecondClientEmail, DemoSeeder.Password);
        var (status, detail, _) = await UploadClient.ProblemAsync(await ben.Http.GetAsync($"/api/files/{firstId}/audio?download=1"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("There is no such file, or you do not have access to it.", detail);
    }

    [Fact]
    public async Task An_earlier_mix_removed_by_retention_is_refused_to_both_sides_with_a_sentence_and_the_page_says_so()
    {
        var (projectId, _, _, firstId) = await ReplacedMixAsync(71);
        await using (var db = await portal.DbAsync())
            await db.FileAssets.Where(f => f.Id == firstId).ExecuteUpdateAsync(s => s
                .SetProperty(f => f.RemovedAt, DateTimeOffset.UtcNow).SetProperty(f => f.RemovedAfterDays, 30));
        const string removed = "Removed 30 days after delivery under the studio's retention policy.";

        foreach (var email in new[] { DemoSeeder.ClientEmail, DemoSeeder.EngineerEmail })
        {
            using var user = await UploadClient.SignedInAsync(portal, email, DemoSeeder.Password);
            foreach (var query in new[] { "", "?download=1" })
            {
                var (status, detail, _) = await UploadClient.ProblemAsync(await user.Http.GetAsync($"/api/files/{firstId}/audio{query}"));
                Assert.Equal(HttpStatusCode.Gone, status);
                Assert.Equal(removed, detail);
            }
            var page = WebUtility.HtmlDecode(await user.Http.GetStringAsync($"/projects/{projectId}"));
            Assert.Contains(removed, page);
            Assert.DoesNotContain($"/api/files/{firstId}/audio", page);
        }
    }

    /// <summary>Ava's draft track with a first mix replaced by a second: the first is the earlier mix.</summary>
    async Task<(Guid ProjectId, Guid TrackId, byte[] First, Guid FirstId)> ReplacedMixAsync(uint seed)
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var first = TestAudio.Wav(1, seed);
        var firstId = await ava.UploadAsync(projectId, trackId, "first take.wav", first);
        await ava.UploadAsync(projectId, trackId, "second take.wav", TestAudio.Wav(1, seed + 100));
        return (projectId, trackId, first, firstId);
    }
}
