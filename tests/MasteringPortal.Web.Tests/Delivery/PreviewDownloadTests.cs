using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Delivery;

/// <summary>
/// Downloading a preview before payment is the studio's choice (off by default): the client always streams it in the
/// portal, and takes the file away only when the studio allows it, named as a preview. The engineer always can.
/// </summary>
public sealed class PreviewDownloadTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    async Task SetPreviewDownloadsAsync(bool allowed, int watermarkEverySeconds)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var studio = await db.Studios.SingleAsync();
        studio.ClientsMayDownloadPreviews = allowed;
        studio.PreviewWatermarkEverySeconds = watermarkEverySeconds;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task By_default_a_client_streams_the_preview_but_cannot_download_it_before_payment()
    {
        await SetPreviewDownloadsAsync(false, 0);
        var project = await portal.NewApprovedProjectAsync();
        var preview = project.Previews[0];
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{preview.Id}/audio")).StatusCode);
        var download = await ava.GetAsync($"/api/files/{preview.Id}/audio?download=1");
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Contains("listen", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{preview.Id}/audio?download=true")).StatusCode);

        using var engineer = await portal.SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/files/{preview.Id}/audio?download=1")).StatusCode);
        // Once paid, the client may take the preview too (the masters are theirs by then).
        await portal.MarkPaidAsync(project.Id);
        Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{preview.Id}/audio?download=1")).StatusCode);
    }

    [Fact]
    public async Task When_the_studio_allows_it_the_client_downloads_the_preview_named_as_a_preview()
    {
        await SetPreviewDownloadsAsync(true, 30);
        try
        {
            var project = await portal.NewApprovedProjectAsync();
            using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
            var download = await ava.GetAsync($"/api/files/{project.Previews[0].Id}/audio?download=1");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Contains("(preview)", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
            // The masters stay locked.
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{project.Masters[0].Id}/audio?download=1")).StatusCode);
        }
        finally
        {
            await SetPreviewDownloadsAsync(false, 0);
        }
    }
}
