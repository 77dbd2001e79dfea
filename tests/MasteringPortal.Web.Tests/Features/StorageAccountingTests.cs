using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Storage;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Features;

/// <summary>
/// The storage page's numbers: each file counts in its project, its client and its category, a master counts as
/// approved only when its revision is the track's approved one, and content used twice is stored (and counted on disk)
/// once. Only the studio's engineers see it.
/// </summary>
[Collection(PortalWebCollection.Name)]
public sealed class StorageAccountingTests(PortalWebFixture portal)
{
    const long Gigabyte = 1L << 30;

    IDbContextFactory<PortalDbContext> Factory => portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    StorageAccounting Accounting => new(Factory);

    static FileAsset File(Guid projectId, FileAssetKind kind, long size, string key, string name, Guid? revisionId = null) => new()
    {
        ProjectId = projectId, Kind = kind, SizeBytes = size, StorageKey = key, Sha256 = key, OriginalName = name, RevisionId = revisionId,
    };

    [Fact]
    public async Task Each_file_counts_in_its_project_client_and_category_and_shared_content_once_on_disk()
    {
        var avaProject = portal.AvaProjects[0].Id;
        var benProject = portal.BenProjects[0].Id;
        Guid approved, other;
        await using (var db = await Factory.CreateDbContextAsync())
        {
            var approvedIds = await db.Tracks.Where(t => t.ApprovedRevisionId != null).Select(t => t.ApprovedRevisionId!.Value).ToListAsync();
            approved = approvedIds.First();
            other = await db.Revisions.Where(r => !approvedIds.Contains(r.Id)).Select(r => r.Id).FirstAsync();
        }
        var before = (await Accounting.LoadAsync(portal.People.Engineer))!;
        var shared = new string('5', 64);
        var added = new[]
        {
            File(avaProject, FileAssetKind.Mix, 5 * Gigabyte, shared, "same-mix-twice.wav"),
            File(benProject, FileAssetKind.Mix, 5 * Gigabyte, shared, "same-mix-twice.wav"),
            File(avaProject, FileAssetKind.Master, 3 * Gigabyte, new string('6', 64), "approved-master.wav", approved),
            File(avaProject, FileAssetKind.Master, 2 * Gigabyte, new string('7', 64), "older-master.wav", other),
        };
        await using (var db = await Factory.CreateDbContextAsync())
        {
            db.FileAssets.AddRange(added);
            await db.SaveChangesAsync();
        }
        try
        {
            var after = (await Accounting.LoadAsync(portal.People.Engineer))!;

            Assert.Equal(before.Studio.OnDisk + 10 * Gigabyte, after.Studio.OnDisk); // the shared mix once
            Assert.Equal(before.Studio.Listed + 15 * Gigabyte, after.Studio.Listed);
            Assert.Equal(before.Studio.Of(StorageCategory.Mixes) + 10 * Gigabyte, after.Studio.Of(StorageCategory.Mixes));
            Assert.Equal(before.Studio.Of(StorageCategory.ApprovedMasters) + 3 * Gigabyte, after.Studio.Of(StorageCategory.ApprovedMasters));
            Assert.Equal(before.Studio.Of(StorageCategory.OtherRevisions) + 2 * Gigabyte, after.Studio.Of(StorageCategory.OtherRevisions));

            StorageBytes Project(StorageReport r, Guid id) => r.Projects.Single(p => p.ProjectId == id).Bytes;
            StorageBytes Client(StorageReport r, Guid id) => r.Clients.Single(c => c.ClientId == id).Bytes;
            Assert.Equal(Project(before, benProject).Of(StorageCategory.Mixes) + 5 * Gigabyte, Project(after, benProject).Of(StorageCategory.Mixes));
            Assert.Equal(Project(before, avaProject).OnDisk + 10 * Gigabyte, Project(after, avaProject).OnDisk);
            Assert.Equal(Client(before, portal.People.BenClientId).OnDisk + 5 * Gigabyte, Client(after, portal.People.BenClientId).OnDisk);

            var largest = after.Largest[0];
            Assert.Equal(("same-mix-twice.wav", 5 * Gigabyte, 2), (largest.Name, largest.SizeBytes, largest.Uses));
            Assert.Equal(("approved-master.wav", StorageCategory.ApprovedMasters), (after.Largest[1].Name, after.Largest[1].Category));

            using var engineer = portal.NewClient();
            await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
            var html = WebUtility.HtmlDecode(await (await engineer.GetAsync("/studio/storage")).Content.ReadAsStringAsync());
            Assert.Contains("data-testid=\"storage-page\"", html);
            Assert.Contains("<strong>5.0 GB</strong>: same-mix-twice.wav, mixes in", html);
            Assert.Contains("(used 2 times, stored once)", html);
        }
        finally
        {
            await using var db = await Factory.CreateDbContextAsync();
            var ids = added.Select(f => f.Id).ToList();
            await db.FileAssets.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_client_sees_no_storage()
    {
        Assert.Null(await Accounting.LoadAsync(portal.People.Ava));
        using var ava = portal.NewClient();
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var response = await ava.GetAsync("/studio/storage");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("storage-page", await response.Content.ReadAsStringAsync());
    }
}
