using System.IO.Compression;
using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Delivery;

/// <summary>
/// Manual payments and what they unlock: before payment a client streams previews only and every
/// full-resolution URL answers 403; another client gets 404 for everything; once the engineer records the
/// payment (through the same fulfilment as a card payment) each master and the whole project's ZIP download.
/// </summary>
public sealed class DeliveryTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    [Fact]
    public async Task Before_payment_the_client_gets_previews_but_no_full_resolution_file_whatever_the_url()
    {
        var project = await portal.NewApprovedProjectAsync(tracks: 2);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        foreach (var master in project.Masters)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{master.Id}/audio")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{master.Id}/audio?download=1")).StatusCode);
        }
        var zip = await ava.GetAsync($"/api/projects/{project.Id}/delivery.zip");
        Assert.Equal(HttpStatusCode.Forbidden, zip.StatusCode);
        Assert.Contains("once the project is paid", await zip.Content.ReadAsStringAsync());
        foreach (var preview in project.Previews)
            Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{preview.Id}/audio")).StatusCode);

        // The project page says the masters wait for payment and shows the studio's instructions, with no card form in manual mode.
        var html = await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"delivery-locked\"", html);
        Assert.Contains("data-testid=\"payment-instructions\"", html);
        Assert.DoesNotContain("checkout-form", html);
        Assert.DoesNotContain("delivery.zip", html);
    }

    [Fact]
    public async Task Another_client_gets_not_found_for_the_files_and_the_zip_before_and_after_payment()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        async Task AllNotFoundAsync()
        {
            foreach (var file in project.Masters.Concat(project.Previews))
                Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/projects/{project.Id}/delivery.zip")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/projects/{Guid.NewGuid()}/delivery.zip")).StatusCode);
        }
        await AllNotFoundAsync();
        await portal.MarkPaidAsync(project.Id);
        await AllNotFoundAsync();

        using var anonymous = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/projects/{project.Id}/delivery.zip")).StatusCode);
    }

    [Fact]
    public async Task The_engineer_marks_paid_and_the_client_downloads_every_master_and_the_zip_with_the_same_bytes()
    {
        var project = await portal.NewApprovedProjectAsync(tracks: 2, masterBytes: 50_000);
        await portal.MarkPaidAsync(project.Id, "Bank transfer 30 Nov");

        var paid = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        var payment = Assert.Single(paid.Payments);
        Assert.Equal((PaymentMethod.Manual, PaymentStatus.Paid, project.QuoteMinor, "Bank transfer 30 Nov"),
            (payment.Method, payment.Status, payment.AmountMinor, payment.Reference));
        var e = Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
        Assert.Equal(portal.EngineerId, e.ActorId);
        Assert.Contains("Bank transfer 30 Nov", e.Description);

        // Marking it paid again changes nothing.
        await using (var session = await ProjectSession.OpenAsync(portal.Db, portal.Engineer, project.Id))
            Assert.False((await session!.RunAsync(TestCommands.For(portal.Db), ProjectAction.MarkPaid)).Succeeded);
        Assert.Single((await portal.ProjectAsync(project.Id)).Payments);

        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var store = portal.Services.GetRequiredService<Core.Storage.IFileStore>();
        foreach (var master in project.Masters)
        {
            var response = await ava.GetAsync($"/api/files/{master.Id}/audio?download=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(master.OriginalName, response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
            Assert.Equal(master.SizeBytes, (await response.Content.ReadAsByteArrayAsync()).LongLength);
        }

        var zipResponse = await ava.GetAsync($"/api/projects/{project.Id}/delivery.zip");
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        // Every master, by format, and the listing.
        Assert.Equal(project.Masters.Count + 1, zip.Entries.Count);
        var listing = await new StreamReader(zip.GetEntry(DeliveryPackage.ListingName)!.Open()).ReadToEndAsync();
        foreach (var master in project.Masters)
        {
            var song = master.TrackId == project.Masters[0].TrackId ? "Song 1" : "Song 2";
            var number = song == "Song 1" ? "01" : "02";
            var folder = master.Format == "mp3" ? "MP3" : $"WAV {master.BitDepth}-bit 44.1 kHz";
            var entry = zip.GetEntry($"{folder}/{number} {song}{Path.GetExtension(master.OriginalName)}");
            Assert.NotNull(entry);
            Assert.Equal(entry.Length, entry.CompressedLength); // stored, not deflated
            Assert.Contains($"{number} {song}{Path.GetExtension(master.OriginalName)}", listing);
            using var inZip = new MemoryStream();
            await using (var s = entry.Open()) await s.CopyToAsync(inZip);
            using var stored = new MemoryStream();
            await using (var s = store.OpenRead(master.StorageKey)) await s.CopyToAsync(stored);
            if (master.Format == "wav")
            {
                // Tagged with the track and the release; the samples exactly as stored.
                inZip.Position = 0;
                var tags = Audio.Release.WavTagReader.Read(inZip);
                Assert.Equal(song, tags.Title);
                Assert.Equal(int.Parse(number), tags.TrackNumber);
                Assert.Equal(2, tags.TrackTotal);
                Assert.Equal(Samples(stored), Samples(inZip));
                Assert.NotEqual(stored.Length, inZip.Length);
            }
            else
            {
                // An ID3v2.4 tag at the front; the MP3 frames after it as stored.
                Assert.Equal("ID3"u8.ToArray().Append((byte)4), inZip.ToArray()[..4]);
                Assert.True(inZip.Length > stored.Length);
            }
        }
        Assert.DoesNotContain(zip.Entries, en => en.FullName.Contains("preview"));

        // The receipt: the client's own, and nobody else's.
        var receipt = await (await ava.GetAsync($"/payments/{payment.Id}/receipt")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"receipt\"", receipt);
        Assert.Contains(new Core.Pricing.Money(project.QuoteMinor, project.Currency).ToString(), receipt);
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        var theirs = await (await ben.GetAsync($"/payments/{payment.Id}/receipt")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"receipt\"", theirs);
    }

    [Fact]
    public async Task Only_the_studios_engineer_marks_a_project_paid()
    {
        var project = await portal.NewApprovedProjectAsync();
        var fulfilment = portal.Services.CreateScope().ServiceProvider.GetRequiredService<PaymentFulfilment>();
        var asClient = WorkflowActor.Client(portal.AvaId, (await portal.ProjectAsync(project.Id)).ClientId);
        var outcome = await fulfilment.FulfilAsync(new PaymentConfirmation(project.Id, PaymentMethod.Manual, null, project.QuoteMinor, project.Currency, null, asClient));
        Assert.Equal(PaymentOutcomeKind.Refused, outcome.Kind);
        Assert.Equal(ProjectStatus.Approved, (await portal.ProjectAsync(project.Id)).Status);
        Assert.Empty((await portal.ProjectAsync(project.Id)).Payments);
    }

    [Fact]
    public async Task The_demos_approved_project_is_marked_paid_and_its_masters_download()
    {
        Guid projectId;
        await using (var db = await portal.Db.CreateDbContextAsync())
            projectId = await db.Projects.Where(p => p.Title == "Glasshouse" && p.Status == ProjectStatus.Approved).Select(p => p.Id).SingleAsync();
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/projects/{projectId}/delivery.zip")).StatusCode);

        using var engineer = await portal.SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal("unpaid", await DashboardBadgeAsync(engineer, projectId));
        await portal.MarkPaidAsync(projectId);
        Assert.Equal("paid", await DashboardBadgeAsync(engineer, projectId));
        var response = await ava.GetAsync($"/api/projects/{projectId}/delivery.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        // The brief asks for the 24-bit master and the 16-bit CD file; the listing goes with them.
        Assert.Equal(["Contents.txt", "WAV 16-bit 44.1 kHz/01 Glasshouse.wav", "WAV 24-bit 44.1 kHz/01 Glasshouse.wav"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task In_manual_mode_there_is_no_card_checkout_and_no_webhook()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var token = Http.Forms.AntiforgeryToken(await (await ava.GetAsync("/account/login")).Content.ReadAsStringAsync());
        var checkout = await ava.PostAsync($"/api/projects/{project.Id}/checkout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
        Assert.EndsWith("?problem=CardPaymentsOff", checkout.Headers.Location!.ToString());

        using var stripe = portal.Factory.CreateClient();
        var webhook = await stripe.PostAsync(MasteringPortal.Web.Features.Payments.StripeWebhook.Path, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        Assert.Empty((await portal.ProjectAsync(project.Id)).Payments);
    }

    /// <summary>The paid/unpaid badge of one project's card on the engineer's dashboard, as the page renders it.</summary>
    static async Task<string> DashboardBadgeAsync(HttpClient engineer, Guid projectId)
    {
        var html = await (await engineer.GetAsync("/engineer")).Content.ReadAsStringAsync();
        var card = html.IndexOf($"data-project-id=\"{projectId}\"", StringComparison.Ordinal);
        Assert.True(card >= 0, "the project has no card on the dashboard");
        var next = html.IndexOf("data-testid=\"project-card\"", card, StringComparison.Ordinal);
        var text = next < 0 ? html[card..] : html[card..next];
        return text.Contains("data-testid=\"paid\"") ? "paid" : text.Contains("data-testid=\"unpaid\"") ? "unpaid" : "none";
    }

    /// <summary>The sample data of a WAV held in memory.</summary>
    static byte[] Samples(MemoryStream wav)
    {
        wav.Position = 0;
        var (offset, length, _) = Audio.IO.WavData.Locate(wav);
        return wav.ToArray().AsSpan((int)offset, (int)length).ToArray();
    }
}
