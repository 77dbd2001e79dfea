using System.Security.Cryptography;
using System.Text.RegularExpressions;
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
/// A revision reproduced exactly after the mix was replaced, through the real pages: the engineer has posted revision 1,
/// then sends the track back to mixing with a note; the client uploads a new, different mix; in the workspace the engineer
/// renders revision 1 again, which gives the same master bytes from the old mix, and then renders a new revision, which
/// takes the new mix. The client's review page says which mix each revision was made from.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class RenderAgainBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact(Timeout = 600_000)]
    public async Task Revision_1_rendered_again_after_a_new_mix_gives_the_same_bytes_from_the_old_mix_and_a_new_render_takes_the_new_one()
    {
        // A single of Ava's in mastering with a short mix; the engineer renders revision 1 and posts it.
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Second Light", seconds: 6, seed: 43);
        var firstMix = await CurrentMixAsync(trackId);
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await ReviewBrowserTests.RenderAndPostAsync(engineer, projectId, trackId, 1, "First pass: warm, a little wider.");

        // --- The engineer sends the track back to mixing, with a note -------------------------------------------
        const string note = "The vocal is buried in the second verse: bring it up 1 dB and send the mix again.";
        await engineer.GotoAsync($"/projects/{projectId}");
        await engineer.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("send-back-panel").GetByText("Send back to mixing").ClickAsync();
        await engineer.GetByTestId("send-back-note").FillAsync(note);
        await engineer.GetByTestId("send-back").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("new-mix-requested")).ToContainTextAsync("Waiting for a new mix from the client");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "render-again-sent-back");

        // --- The client reads the note and uploads a new, different mix on the project page ---------------------
        var folder = Directory.CreateTempSubdirectory("mp-browser-").FullName;
        var newMixPath = Path.Combine(folder, "second_light_mix_v2.wav");
        await File.WriteAllBytesAsync(newMixPath, TestSongs.Song(seed: 77, peakDbfs: -3.0, seconds: 6));
        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}");
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("new-mix-requested")).ToContainTextAsync(note);
        await client.GetByTestId("mix-upload").GetByTestId("upload-input").SetInputFilesAsync(newMixPath);
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("current-mix").GetByText("second_light_mix_v2.wav"), 60_000);
        await PortalBrowserFixture.ScreenshotAsync(client, "render-again-new-mix");
        var secondMix = await CurrentMixAsync(trackId);
        Assert.NotEqual(firstMix.Id, secondMix.Id);
        Assert.NotEqual(firstMix.Sha256, secondMix.Sha256);
        Assert.Equal(Sha256(await File.ReadAllBytesAsync(newMixPath)), secondMix.Sha256, ignoreCase: true);

        // --- In the workspace: "Render again" on revision 1, then a new render --------------------------------------
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("current-mix")).ToContainTextAsync("second_light_mix_v2.wav");
        await Card(engineer, 1).GetByTestId("render-again").ClickAsync();
        await FinishedAsync(engineer, 2);
        await Assertions.Expect(Card(engineer, 2).GetByTestId("revision-provenance")).ToContainTextAsync("Made from mix 1");
        await Assertions.Expect(Card(engineer, 2).GetByTestId("revision-provenance")).ToContainTextAsync("rendered again from revision 1");

        await Assertions.Expect(engineer.GetByTestId("render-revision")).ToContainTextAsync("Render revision 3");
        await engineer.GetByTestId("render-revision").ClickAsync();
        await FinishedAsync(engineer, 3);
        await Assertions.Expect(Card(engineer, 3).GetByTestId("revision-provenance")).ToContainTextAsync("Made from mix 2");
        foreach (var (number, words) in new[] { (2, "Revision 1 again, from your first mix."), (3, "Your new mix, with the vocal up.") })
        {
            await Card(engineer, number).GetByTestId("post-note").FillAsync(words);
            await Card(engineer, number).GetByTestId("post-revision").ClickAsync();
            await Card(engineer, number).GetByTestId("revision-posted").WaitForAsync();
        }
        await PortalBrowserFixture.ScreenshotAsync(engineer, "render-again-workspace");

        // --- What was stored: revision 2 is revision 1 byte for byte, from the first mix; revision 3 is from the new one
        var first = await RevisionAsync(trackId, 1);
        var again = await RevisionAsync(trackId, 2);
        var fresh = await RevisionAsync(trackId, 3);
        Assert.Equal((firstMix.Id, firstMix.Sha256), (first.SourceMixId, first.SourceMixSha256));
        Assert.Equal((firstMix.Id, firstMix.Sha256), (again.SourceMixId, again.SourceMixSha256));
        Assert.Equal(first.Id, again.RenderedAgainFromId);
        Assert.Equal(first.SettingsJson, again.SettingsJson);
        Assert.Equal((secondMix.Id, secondMix.Sha256), (fresh.SourceMixId, fresh.SourceMixSha256));

        var firstMasters = await MasterHashesAsync(first.Id);
        var againMasters = await MasterHashesAsync(again.Id);
        var freshMasters = await MasterHashesAsync(fresh.Id);
        Assert.Contains("wav 24-bit", firstMasters.Keys);
        Assert.Equal(firstMasters.OrderBy(m => m.Key), againMasters.OrderBy(m => m.Key));
        Assert.NotEqual(firstMasters["wav 24-bit"], freshMasters["wav 24-bit"]);

        // --- The client's review page says which mix each revision was made from --------------------------------
        await client.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await client.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.Locator("[data-testid=review-source][data-kind=revision]")).ToHaveCountAsync(3);
        await Assertions.Expect(Revision(client, 1).GetByTestId("review-provenance")).ToContainTextAsync("Made from mix 1");
        await Assertions.Expect(Revision(client, 2).GetByTestId("review-provenance")).ToContainTextAsync("Made from mix 1");
        await Assertions.Expect(Revision(client, 2).GetByTestId("review-provenance")).ToContainTextAsync("The same settings as revision 1");
        await Assertions.Expect(Revision(client, 3).GetByTestId("review-provenance")).ToContainTextAsync("Made from mix 2");
        await Assertions.Expect(Revision(client, 3).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await PortalBrowserFixture.ScreenshotAsync(client, "render-again-review");

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Waits for revision <paramref name="number"/>'s render to end; a failed one fails the test at once, with the card's words.</summary>
    static async Task FinishedAsync(IPage engineer, int number)
    {
        var card = Card(engineer, number);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", new Regex("^(Ready|Failed)$"), new() { Timeout = 120_000 });
        if (await card.GetAttributeAsync("data-status") != "Ready")
            Assert.Fail($"Revision {number} did not render: {await card.InnerTextAsync()}");
    }

    static ILocator Card(IPage page, int number) => page.Locator($"[data-testid=revision-card][data-revision=\"{number}\"]");

    static ILocator Revision(IPage page, int number) => page.Locator($"[data-testid=review-source][data-kind=revision][data-revision=\"{number}\"]");

    static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task<FileAsset> CurrentMixAsync(Guid trackId)
    {
        await using var db = await DbAsync();
        var track = await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId);
        return await db.FileAssets.AsNoTracking().SingleAsync(f => f.Id == track.CurrentMixId);
    }

    async Task<Revision> RevisionAsync(Guid trackId, int number)
    {
        await using var db = await DbAsync();
        return await db.Revisions.AsNoTracking().SingleAsync(r => r.TrackId == trackId && r.Number == number);
    }

    /// <summary>
    /// Each master file of a revision ("wav 24-bit", "mp3", …) with the SHA-256 of its bytes as read back from the file
    /// store (not the hash recorded beside it), so equal entries mean equal bytes.
    /// </summary>
    async Task<Dictionary<string, string>> MasterHashesAsync(Guid revisionId)
    {
        List<FileAsset> masters;
        await using (var db = await DbAsync())
            masters = await db.FileAssets.AsNoTracking().Where(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.Master).ToListAsync();
        var store = portal.Factory.Services.GetRequiredService<IFileStore>();
        var hashes = new Dictionary<string, string>();
        foreach (var master in masters)
        {
            await using var content = store.OpenRead(master.StorageKey);
            hashes.Add(master.BitDepth is { } bits ? $"{master.Format} {bits}-bit" : master.Format, Convert.ToHexString(await SHA256.HashDataAsync(content)));
        }
        return hashes;
    }
}
