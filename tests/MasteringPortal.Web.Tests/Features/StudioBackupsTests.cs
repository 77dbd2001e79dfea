using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Backups;
using MasteringPortal.Web.Features.StudioSettings;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Features;

/// <summary>
/// The backup section of the studio page: the engineer (the owner, until the team has roles) chooses the schedule and
/// sees the last backup, its size and why it failed; a client reads nothing of it.
/// </summary>
[Collection(PortalWebCollection.Name)]
public sealed class StudioBackupsTests(PortalWebFixture portal)
{
    IDbContextFactory<PortalDbContext> Factory => portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    BackupStatusService Status => portal.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<BackupStatusService>();

    [Fact]
    public async Task The_engineer_chooses_the_schedule_and_sees_the_last_backup_and_why_it_failed()
    {
        var run = new BackupRun
        {
            StartedAt = new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2026, 11, 29, 3, 1, 0, TimeSpan.Zero),
            FailureReason = "The backup disk is full (test 7c1e).",
        };
        await using (var db = await Factory.CreateDbContextAsync())
        {
            db.BackupRuns.Add(run);
            await db.SaveChangesAsync();
        }
        var settings = new StudioSettingsService(Factory);
        // The hourly job's entry point resolves in the real host (its options, sources and runner are registered).
        Assert.NotNull(portal.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<ScheduledBackupJob>());
        try
        {
            var form = (await settings.LoadAsync(portal.People.Engineer))!;
            Assert.Equal(BackupFrequency.Off, form.BackupFrequency);
            (form.BackupFrequency, form.BackupsToKeep) = (BackupFrequency.Daily, 4);
            Assert.True(await settings.SaveAsync(portal.People.Engineer, form));
            await using (var db = await Factory.CreateDbContextAsync())
            {
                var studio = await db.Studios.SingleAsync(s => s.Id == portal.StudioId);
                Assert.Equal((BackupFrequency.Daily, 4), (studio.BackupFrequency, studio.BackupsToKeep));
            }

            var status = await Status.LoadAsync(portal.People.Engineer);
            Assert.Equal(run.Id, status!.Latest!.Id);
            Assert.False(status.DirectoryConfigured);

            using var engineer = portal.NewClient();
            await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
            var html = WebUtility.HtmlDecode(await (await engineer.GetAsync("/studio")).Content.ReadAsStringAsync());
            Assert.Contains("data-testid=\"backup-settings\"", html);
            Assert.Contains("failed: The backup disk is full (test 7c1e).", html);
            Assert.Contains("data-testid=\"backup-no-folder\"", html);
        }
        finally
        {
            var form = (await settings.LoadAsync(portal.People.Engineer))!;
            (form.BackupFrequency, form.BackupsToKeep) = (BackupFrequency.Off, Studio.DefaultBackupsToKeep);
            await settings.SaveAsync(portal.People.Engineer, form);
            await using var db = await Factory.CreateDbContextAsync();
            await db.BackupRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_client_reads_nothing_of_the_backups()
    {
        Assert.Null(await Status.LoadAsync(portal.People.Ava));
        var form = new StudioSettingsForm { Name = "Hijacked", PricePerTrack = 1, BackupFrequency = BackupFrequency.Daily };
        Assert.False(await new StudioSettingsService(Factory).SaveAsync(portal.People.Ava, form));
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(BackupFrequency.Off, (await db.Studios.SingleAsync(s => s.Id == portal.StudioId)).BackupFrequency);
    }
}
