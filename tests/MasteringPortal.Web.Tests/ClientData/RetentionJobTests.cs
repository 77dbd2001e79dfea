using System.Net;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Features.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// The retention policy on a fake clock: the client is told two weeks before, nothing goes before the date, afterwards the
/// mixes, previews and unchosen revisions go (each kind on its own date when the studio sets different days) while
/// approved masters and references stay; an open project keeps everything; content another file still uses stays on disk; removed files say why instead of failing.
/// </summary>
public sealed class RetentionJobTests(ClientDataWorld world) : IClassFixture<ClientDataWorld>
{
    static readonly DateTimeOffset Delivered = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_client_is_told_two_weeks_ahead_and_after_the_days_only_mixes_previews_and_unchosen_revisions_go()
    {
        var project = await world.ProjectAsync("Retained song", ProjectStatus.Delivered, Delivered);
        var clock = new SettableClock(Delivered.AddDays(ClientDataWorld.Days - 15));
        await world.Job(clock).RunAsync(CancellationToken.None);
        Assert.Empty(await world.NoticesAsync(world.AvaId, project.Id));

        clock.Now = Delivered.AddDays(ClientDataWorld.Days - 14).AddHours(1);
        await world.Job(clock).RunAsync(CancellationToken.None);
        await world.Job(clock).RunAsync(CancellationToken.None);
        var notice = Assert.Single(await world.NoticesAsync(world.AvaId, project.Id));
        Assert.Contains("31 May 2031", notice.Title);
        Assert.Equal(NotificationLinks.Project(project.Id), notice.Link);
        Assert.Empty(await world.NoticesAsync(world.EngineerId, project.Id));

        clock.Now = Delivered.AddDays(ClientDataWorld.Days).AddMinutes(-1);
        await world.Job(clock).RunAsync(CancellationToken.None);
        Assert.All((await world.FilesAsync(project.Id)).Values, f => Assert.Null(f.RemovedAt));
        Assert.All(project.Removable, f => Assert.True(world.Store.Exists(f.StorageKey)));

        clock.Now = Delivered.AddDays(ClientDataWorld.Days).AddHours(1);
        await world.Job(clock).RunAsync(CancellationToken.None);
        var files = await world.FilesAsync(project.Id);
        foreach (var gone in project.Removable)
        {
            Assert.Equal(clock.Now, files[gone.Id].RemovedAt);
            Assert.False(world.Store.Exists(gone.StorageKey), gone.OriginalName);
        }
        foreach (var kept in project.Kept)
        {
            Assert.Null(files[kept.Id].RemovedAt);
            Assert.True(world.Store.Exists(kept.StorageKey), kept.OriginalName);
        }
        var removal = Assert.Single(await world.RemovalsAsync(project.Id));
        Assert.Equal(3, removal.FilesRemoved);
        Assert.Equal(project.Removable.Sum(f => f.SizeBytes), removal.BytesFreed);
        Assert.Equal(0, removal.BytesKeptShared);

        // A later run finds nothing more to do.
        clock.Now = clock.Now.AddDays(1);
        await world.Job(clock).RunAsync(CancellationToken.None);
        Assert.Single(await world.RemovalsAsync(project.Id));
        Assert.Single(await world.NoticesAsync(world.AvaId, project.Id));
    }

    [Fact]
    public async Task Each_kind_of_file_goes_on_its_own_date_and_approved_masters_and_references_never()
    {
        await world.SetPolicyAsync(new RetentionPolicy(MixDays: 10, PreviewDays: 20, UnapprovedRevisionDays: 40));
        try
        {
            var project = await world.ProjectAsync("Staggered song", ProjectStatus.Delivered, Delivered);
            var removedOnDay = new Dictionary<Guid, int>();
            // The nightly run, an hour after the time of day of the delivery, from before the first notice to long after.
            for (var day = -20; day <= 400; day += day < 60 ? 1 : 85)
            {
                await world.Job(new SettableClock(Delivered.AddDays(day).AddHours(1))).RunAsync(CancellationToken.None);
                foreach (var file in (await world.FilesAsync(project.Id)).Values.Where(f => f.RemovedAt is not null))
                    removedOnDay.TryAdd(file.Id, day);
            }

            Assert.Equal(new Dictionary<Guid, int> { [project.Mix.Id] = 10, [project.Preview.Id] = 20, [project.OtherMaster.Id] = 40 }, removedOnDay);
            var files = await world.FilesAsync(project.Id);
            Assert.Equal((10, 20, 40), (files[project.Mix.Id].RemovedAfterDays, files[project.Preview.Id].RemovedAfterDays, files[project.OtherMaster.Id].RemovedAfterDays));
            foreach (var gone in project.Removable) Assert.False(world.Store.Exists(gone.StorageKey), gone.OriginalName);
            foreach (var kept in project.Kept)
            {
                Assert.Null(files[kept.Id].RemovedAt);
                Assert.True(world.Store.Exists(kept.StorageKey), kept.OriginalName);
            }
            Assert.Equal([10, 20, 40], (await world.RemovalsAsync(project.Id)).Select(r => r.Days).Order());

            // One notice per date, two weeks ahead, naming what goes then.
            var notices = (await world.NoticesAsync(world.AvaId, project.Id)).OrderBy(n => n.CreatedAt).ToList();
            Assert.Equal(3, notices.Count);
            Assert.Contains("11 May 2031", notices[0].Title);
            Assert.Contains("21 May 2031", notices[1].Title);
            Assert.Contains("10 June 2031", notices[2].Title);
            Assert.Contains("your mixes for 10 days", notices[0].Body);
            Assert.Contains("the previews for 20 days", notices[1].Body);
            Assert.Contains("the revisions you did not choose for 40 days", notices[2].Body);
        }
        finally
        {
            await world.SetPolicyAsync(new RetentionPolicy(ClientDataWorld.Days, ClientDataWorld.Days, ClientDataWorld.Days));
        }
    }

    [Fact]
    public async Task A_kind_kept_for_good_stays_while_the_others_go()
    {
        await world.SetPolicyAsync(new RetentionPolicy(MixDays: 0, PreviewDays: 15, UnapprovedRevisionDays: 0));
        try
        {
            var project = await world.ProjectAsync("Kept mixes song", ProjectStatus.Delivered, Delivered);
            var clock = new SettableClock(Delivered.AddDays(2));
            await world.Job(clock).RunAsync(CancellationToken.None); // tells the client
            var notice = Assert.Single(await world.NoticesAsync(world.AvaId, project.Id));
            Assert.DoesNotContain("mixes", notice.Body);
            clock.Now = Delivered.AddYears(3);
            await world.Job(clock).RunAsync(CancellationToken.None);

            var files = await world.FilesAsync(project.Id);
            Assert.NotNull(files[project.Preview.Id].RemovedAt);
            foreach (var kept in new[] { project.Mix, project.OtherMaster, project.ApprovedMaster, project.Reference })
            {
                Assert.Null(files[kept.Id].RemovedAt);
                Assert.True(world.Store.Exists(kept.StorageKey), kept.OriginalName);
            }
        }
        finally
        {
            await world.SetPolicyAsync(new RetentionPolicy(ClientDataWorld.Days, ClientDataWorld.Days, ClientDataWorld.Days));
        }
    }

    [Fact]
    public async Task A_project_not_yet_delivered_keeps_every_file_however_long_ago_it_was_worked_on()
    {
        var project = await world.ProjectAsync("Unpaid song", ProjectStatus.Approved, deliveredAt: null);
        var paid = await world.ProjectAsync("Paid song", ProjectStatus.Paid, deliveredAt: null);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            // Paid long ago but not delivered: payment is not the end of the work.
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = paid.Id, At = Delivered, Kind = ProjectEventKind.Paid, Description = "Payment received." });
            await db.SaveChangesAsync();
        }
        var clock = new SettableClock(Delivered.AddYears(5));
        await world.Job(clock).RunAsync(CancellationToken.None);
        clock.Now = clock.Now.AddDays(60);
        await world.Job(clock).RunAsync(CancellationToken.None);
        foreach (var p in new[] { project, paid })
        {
            Assert.All((await world.FilesAsync(p.Id)).Values, f => Assert.Null(f.RemovedAt));
            Assert.All(p.Removable, f => Assert.True(world.Store.Exists(f.StorageKey)));
            Assert.Empty(await world.NoticesAsync(world.AvaId, p.Id));
            Assert.Empty(await world.RemovalsAsync(p.Id));
        }
    }

    [Fact]
    public async Task A_mix_whose_content_another_project_still_uses_loses_only_its_reference()
    {
        var content = Guid.NewGuid().ToByteArray().Concat(new byte[8192]).ToArray();
        var delivered = await world.ProjectAsync("Shared mix, delivered", ProjectStatus.Delivered, Delivered, content);
        var open = await world.ProjectAsync("Shared mix, open", ProjectStatus.InReview, deliveredAt: null, content);
        Assert.Equal(delivered.Mix.StorageKey, open.Mix.StorageKey);

        var clock = new SettableClock(Delivered.AddDays(ClientDataWorld.Days - 14));
        await world.Job(clock).RunAsync(CancellationToken.None); // tells the client
        clock.Now = Delivered.AddDays(ClientDataWorld.Days + 1);
        await world.Job(clock).RunAsync(CancellationToken.None);

        Assert.NotNull((await world.FilesAsync(delivered.Id))[delivered.Mix.Id].RemovedAt);
        Assert.True(world.Store.Exists(open.Mix.StorageKey));
        Assert.Null((await world.FilesAsync(open.Id))[open.Mix.Id].RemovedAt);
        Assert.False(world.Store.Exists(delivered.Preview.StorageKey));
        var removal = Assert.Single(await world.RemovalsAsync(delivered.Id));
        Assert.Equal(delivered.Mix.SizeBytes, removal.BytesKeptShared);
    }

    [Fact]
    public async Task A_policy_switched_on_long_after_delivery_still_gives_the_client_two_weeks()
    {
        var project = await world.ProjectAsync("Old song", ProjectStatus.Delivered, Delivered.AddYears(-2));
        var clock = new SettableClock(Delivered);
        await world.Job(clock).RunAsync(CancellationToken.None);
        var notice = Assert.Single(await world.NoticesAsync(world.AvaId, project.Id));
        Assert.Contains("15 May 2031", notice.Title);

        clock.Now = Delivered.AddDays(13);
        await world.Job(clock).RunAsync(CancellationToken.None);
        Assert.All((await world.FilesAsync(project.Id)).Values, f => Assert.Null(f.RemovedAt));

        clock.Now = Delivered.AddDays(14).AddMinutes(1);
        await world.Job(clock).RunAsync(CancellationToken.None);
        Assert.All(project.Removable, f => Assert.False(world.Store.Exists(f.StorageKey)));
    }

    [Fact]
    public async Task A_removed_file_says_why_to_the_player_and_the_review_page_instead_of_failing()
    {
        var project = await world.ProjectAsync("Gone song", ProjectStatus.Delivered, Delivered);
        var clock = new SettableClock(Delivered.AddDays(ClientDataWorld.Days - 14));
        await world.Job(clock).RunAsync(CancellationToken.None);
        clock.Now = Delivered.AddDays(ClientDataWorld.Days);
        await world.Job(clock).RunAsync(CancellationToken.None);

        using var ava = await world.SignedInAsync(DemoSeeder.ClientEmail);
        var gone = await ava.GetAsync($"/api/files/{project.OtherMaster.Id}/audio");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("Removed 30 days after delivery under the studio's retention policy.", await gone.Content.ReadAsStringAsync());
        var kept = await ava.GetAsync($"/api/files/{project.ApprovedMaster.Id}/audio");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);

        // Someone who may not see the project still learns nothing about the file.
        using var ben = await world.SignedInAsync(DemoSeeder.SecondClientEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/files/{project.OtherMaster.Id}/audio")).StatusCode);

        await using var db = await world.Db.CreateDbContextAsync();
        var viewer = await db.ViewerAsync(world.Engineer);
        var review = await world.Factory.Services.GetRequiredService<ReviewQueries>().LoadAsync(db, viewer, project.Id, project.TrackId);
        var mix = Assert.Single(review!.Sources, s => s.Key == "mix");
        Assert.Null(mix.AudioUrl);
        Assert.Equal(RetentionRules.RemovedNotice(new FileAsset { RemovedAt = clock.Now, RemovedAfterDays = 30 }), mix.AudioNote);
        var unchosen = Assert.Single(review.Sources, s => s.RevisionId == project.OtherRevisionId);
        Assert.Null(unchosen.AudioUrl);
        Assert.Contains("retention policy", unchosen.AudioNote);
        var chosen = Assert.Single(review.Sources, s => s.RevisionId == project.ApprovedRevisionId);
        Assert.NotNull(chosen.AudioUrl);
    }
}
