using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// Manual mode in a real browser: the client approves on the project page and sees what to pay and how; the
/// engineer records the bank transfer; the client downloads a master and the whole delivery.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class PaymentBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    /// <summary>A single of Ava's with revision 1 posted for review: its 24-bit master (a real WAV) and a preview stored.</summary>
    async Task<(Guid ProjectId, FileAsset Master)> ProjectInReviewAsync()
    {
        var services = portal.Factory.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var store = services.GetRequiredService<IFileStore>();
        var people = await DemoPeople.ReadAsync(services);
        var studio = await db.Studios.AsNoTracking().SingleAsync(s => s.Id == people.StudioId);
        var project = people.NewProjectOfAvas("Northern Lights", ProjectStatus.InReview);
        (project.Currency, project.QuoteMinor, project.SubmittedAt) = (studio.Currency, studio.PricePerTrackMinor, DateTimeOffset.UtcNow.AddDays(-2));
        var track = new Track { ProjectId = project.Id, Title = "Northern Lights", Position = 1, Brief = new Brief() };
        var revision = new Revision
        {
            TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, ProgressPercent = 100, PostedAt = DateTimeOffset.UtcNow.AddHours(-3),
        };
        track.Revisions.Add(revision);
        project.Tracks.Add(track);
        var samples = new float[44100 * 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.2 * Math.Sin(2 * Math.PI * 440 * (i / 2) / 44100.0));
        async Task<FileAsset> Store(FileAssetKind kind, string name, string format, int? bits)
        {
            await using var content = new MemoryStream(DemoWav.Encode24(samples, 2, 44100, 7));
            var stored = await store.PutAsync(content);
            return new FileAsset
            {
                ProjectId = project.Id, TrackId = track.Id, RevisionId = revision.Id, Kind = kind, OriginalName = name, Format = format, BitDepth = bits,
                SampleRateHz = 44100, Channels = 2, DurationSeconds = 1, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
            };
        }
        var master = await Store(FileAssetKind.Master, "Northern Lights – revision 1.wav", "wav", 24);
        db.Projects.Add(project);
        db.FileAssets.AddRange(master, await Store(FileAssetKind.Preview, "Northern Lights – revision 1 (preview).wav", "wav", null));
        await db.SaveChangesAsync();
        return (project.Id, master);
    }

    [Fact]
    public async Task The_client_approves_the_engineer_marks_the_bank_transfer_paid_and_the_client_downloads_the_master()
    {
        var (projectId, master) = await ProjectInReviewAsync();

        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("action-Approve").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Approved");
        // Manual mode: the amount, the studio's bank details, no card button; the masters are listed but locked.
        await Assertions.Expect(client.GetByTestId("amount-due")).ToHaveTextAsync("EUR 90.00");
        await Assertions.Expect(client.GetByTestId("payment-instructions")).ToContainTextAsync("Bank transfer to Northlight Mastering");
        Assert.Equal(0, await client.GetByTestId("pay-by-card").CountAsync());
        await Assertions.Expect(client.GetByTestId("delivery-locked")).ToBeVisibleAsync();
        Assert.Equal(0, await client.GetByTestId("download-file").CountAsync());
        await PortalBrowserFixture.ScreenshotAsync(client, "payment-client-approved");

        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("action-MarkPaid").ClickAsync();
        await engineer.GetByTestId("payment-reference").FillAsync("Bank transfer received today");
        await engineer.GetByTestId("payment-reference").BlurAsync();
        await engineer.GetByTestId("confirm-paid").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("project-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(engineer.GetByTestId("timeline-entry").First).ToContainTextAsync("Bank transfer received today");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "payment-engineer-marked-paid");

        await client.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Paid");
        var download = await client.RunAndWaitForDownloadAsync(() => client.GetByTestId("download-file").First.ClickAsync());
        Assert.Equal(master.OriginalName, download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"mp-download-{Guid.NewGuid():N}.wav");
        try
        {
            await download.SaveAsAsync(saved);
            Assert.Equal(master.SizeBytes, new FileInfo(saved).Length);
        }
        finally
        {
            File.Delete(saved);
        }
        var zip = await client.RunAndWaitForDownloadAsync(() => client.GetByTestId("download-zip").ClickAsync());
        Assert.EndsWith(".zip", zip.SuggestedFilename);
        await Assertions.Expect(client.GetByTestId("receipt-link")).ToBeVisibleAsync();
        await PortalBrowserFixture.ScreenshotAsync(client, "payment-client-downloads");

        await client.GetByTestId("receipt-link").ClickAsync();
        await Assertions.Expect(client.GetByTestId("receipt-amount")).ToHaveTextAsync("EUR 90.00");
        await PortalBrowserFixture.ScreenshotAsync(client, "payment-receipt");
    }
}
