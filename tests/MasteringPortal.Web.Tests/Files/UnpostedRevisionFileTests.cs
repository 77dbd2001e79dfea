using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Files;

/// <summary>A master of a revision the engineer has not posted does not exist for the client; once posted, it waits for payment.</summary>
public sealed class UnpostedRevisionFileTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    [Fact]
    public async Task An_unposted_master_is_not_found_for_the_client_and_a_posted_one_waits_for_payment()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var revision = new Revision { TrackId = trackId, Number = 1, Status = RevisionStatus.Ready };
        var master = new FileAsset
        {
            ProjectId = projectId, TrackId = trackId, RevisionId = revision.Id, Kind = FileAssetKind.Master, OriginalName = "song_master.wav",
            Format = "wav", StorageKey = new string('b', 64), Sha256 = new string('b', 64), SizeBytes = 1000,
        };
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.Revisions.Add(revision);
            db.FileAssets.Add(master);
            await db.SaveChangesAsync();
        }
        using var ava = portal.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await ava.GetAsync($"/api/files/{master.Id}/audio")).StatusCode);

        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var row = await db.Revisions.SingleAsync(r => r.Id == revision.Id);
            row.PostedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{master.Id}/audio")).StatusCode);
    }
}
