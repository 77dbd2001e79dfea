using MasteringPortal.Testing;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// Intake to revision end to end, through the real pages: the client uploads a mix that peaks at 0 dBFS and a reference,
/// fills in the brief, sees the headroom problem and confirms going ahead; the engineer then renders revision 1
/// in the workspace, watches its progress bar, and posts it to the client.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class IntakeToRevisionBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string TrackTitle = "Night Drive";

    [Fact]
    public async Task Client_hands_over_a_clipping_mix_with_a_reference_and_the_engineer_renders_and_posts_revision_1()
    {
        var projectId = await NewDraftForAvaAsync();
        var folder = Directory.CreateTempSubdirectory("mp-browser-").FullName;
        var mixPath = Path.Combine(folder, "night_drive_mix.wav");
        var referencePath = Path.Combine(folder, "favourite_reference.wav");
        File.WriteAllBytes(mixPath, TestSongs.Song(seed: 11, peakDbfs: 0.0));
        File.WriteAllBytes(referencePath, TestSongs.Song(seed: 23, peakDbfs: -1.0));

        // --- The client: upload, brief, checks, confirm, submit -------------------------------------------
        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}");
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);

        await client.GetByTestId("mix-upload").GetByTestId("upload-input").SetInputFilesAsync(mixPath);
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("current-mix").GetByText("night_drive_mix.wav"), 60_000);

        // The checks run as a job and appear without a reload: the peak at 0 dBFS is a problem.
        var headroom = client.GetByTestId("check-headroom");
        await headroom.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("problem", await headroom.GetAttributeAsync("data-status"));
        Assert.Contains("headroom", await client.GetByTestId("submit-blocker").InnerTextAsync());
        Assert.True(await client.GetByTestId("action-Submit").IsDisabledAsync());
        await PortalBrowserFixture.ScreenshotAsync(client, "intake-headroom-problem");

        // A reference track, uploaded as a file.
        await client.GetByTestId("new-reference-upload").GetByTestId("upload-input").SetInputFilesAsync(referencePath);
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("reference-file").GetByText("favourite_reference.wav"), 60_000);

        // An instrumental, exported 12 ms late: the check against the main mix says so, in words, with the difference's level.
        var instrumentalPath = Path.Combine(folder, "night_drive_instrumental.wav");
        File.WriteAllBytes(instrumentalPath, TestSongs.Song(seed: 11, peakDbfs: 0.0, edit: x =>
        {
            const int late = 2 * 529; // 12 ms at 44.1 kHz, both channels
            Array.Copy(x, 0, x, late, x.Length - late);
            Array.Clear(x, 0, late);
        }));
        await client.GetByTestId("alternates-panel").GetByText("Alternate versions").ClickAsync();
        var instrumental = client.Locator("[data-testid=alternate][data-kind=instrumental]");
        await instrumental.GetByTestId("upload-input").SetInputFilesAsync(instrumentalPath);
        await PortalBrowserFixture.WaitOrExplainAsync(client, instrumental.GetByTestId("alternate-verdicts"), 60_000);
        await Assertions.Expect(instrumental.GetByTestId("alternate-verdicts")).ToContainTextAsync("starts 12 ms later than the main mix");
        await Assertions.Expect(instrumental.GetByTestId("alternate-difference")).ToContainTextAsync("LUFS");
        await PortalBrowserFixture.ScreenshotAsync(client, "intake-alternate-late");

        // The brief: where it goes, what to deliver, a problem heard.
        await client.GetByTestId("platform-Spotify").CheckAsync();
        await client.GetByTestId("format-Mp3").CheckAsync();
        await client.GetByTestId("genre").FillAsync("Synthwave");
        await client.GetByTestId("add-problem").ClickAsync();
        await client.GetByTestId("problem-start").Last.FillAsync("0:02");
        await client.GetByTestId("problem-end").Last.FillAsync("0:04");
        await client.GetByTestId("problem-text").Last.FillAsync("The bass swallows the kick here");
        await client.GetByTestId("problem-text").Last.BlurAsync();

        // Going ahead anyway, knowingly; then submit (which saves the brief first).
        await client.GetByTestId("acknowledge-problems").CheckAsync();
        await Assertions.Expect(client.GetByTestId("action-Submit")).ToBeEnabledAsync();
        await client.GetByTestId("action-Submit").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Submitted");
        await PortalBrowserFixture.ScreenshotAsync(client, "intake-submitted");

        // --- The engineer: sees the choice, renders revision 1 with a live progress bar, posts it ----------
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}");
        await engineer.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        Assert.Contains("chose to go ahead", await engineer.GetByTestId("project-page").InnerTextAsync());
        await engineer.GetByTestId("open-workspace").ClickAsync();
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);

        // The mix and the reference side by side, with the client's confirmation visible.
        Assert.Equal(2, await engineer.GetByTestId("comparison-source").CountAsync());
        await engineer.GetByTestId("spectrum-chart").WaitForAsync();
        await engineer.GetByTestId("problems-acknowledged").WaitForAsync();
        Assert.Contains("The bass swallows the kick here", await engineer.GetByTestId("brief-summary").InnerTextAsync());
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-before-render");

        await engineer.GetByTestId("render-revision").ClickAsync();
        var card = engineer.GetByTestId("revision-card").First;
        // The card appears at once; a short song may finish rendering before the progress bar is caught on screen.
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, card);
        if (await card.GetByTestId("render-progress").IsVisibleAsync())
            await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-rendering");

        // The finished revision appears without a reload, with its figures and the codec check.
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await card.GetByTestId("render-figures").WaitForAsync();
        Assert.Contains("MP3 320 kb/s decodes at", await card.GetByTestId("codec-check").InnerTextAsync());
        await engineer.GetByTestId("post-note").FillAsync("First pass: kept the synths wide, tamed the low end at 0:02.");
        await engineer.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();
        await Assertions.Expect(engineer.GetByTestId("project-status")).ToHaveTextAsync("In review");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-posted");

        // The client's page, reloaded, shows the posted revision with the note.
        await client.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        Assert.Contains("tamed the low end", await client.GetByTestId("revision").First.InnerTextAsync());

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// A mix upload on a slow connection that drops: the box says "Waiting for the connection…" in the warning colour at
    /// the browser's offline event, then carries on when the network is back (an offline wait has no back-off timer:
    /// only the online event resumes it), and the stored mix is the file byte for byte.
    /// </summary>
    [Fact]
    public async Task A_mix_upload_says_it_waits_for_the_connection_and_completes_when_it_returns()
    {
        var projectId = await NewDraftForAvaAsync("Offline Hours (single)");
        var path = Path.Combine(Directory.CreateTempSubdirectory("mp-browser-offline-").FullName, "offline_hours_mix.wav");
        var samples = new float[2 * 48_000 * 10]; // 10 s of 24-bit stereo, 2.9 MB
        for (var i = 0; i < samples.Length; i += 2) samples[i] = samples[i + 1] = (float)(0.2 * Math.Sin(2 * Math.PI * 220 * i / 2 / 48_000));
        var wav = DemoWav.Encode24(samples, 2, 48_000, ditherSeed: 5);
        File.WriteAllBytes(path, wav);

        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        // A slow line (200 kB/s up): the file is still on its way when the network drops.
        var devTools = await client.Context.NewCDPSessionAsync(client);
        await devTools.SendAsync("Network.enable");
        await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 20, ["downloadThroughput"] = 1_000_000, ["uploadThroughput"] = 200_000,
        });

        var box = client.GetByTestId("mix-upload");
        await box.GetByTestId("upload-input").SetInputFilesAsync(path);
        var status = box.GetByTestId("upload-status");
        await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ %"), new() { Timeout = 20_000 });

        await client.Context.SetOfflineAsync(true);
        await Assertions.Expect(status).ToContainTextAsync("Waiting for the connection");
        Assert.Equal("warning", await status.GetAttributeAsync("data-kind"));
        Assert.Equal("rgb(138, 75, 0)", await status.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await PortalBrowserFixture.ScreenshotAsync(client, "upload-offline");

        await client.Context.SetOfflineAsync(false);
        await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("current-mix").GetByText("offline_hours_mix.wav"), 60_000);

        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var stored = await db.FileAssets.AsNoTracking().SingleAsync(f => f.ProjectId == projectId && f.Kind == FileAssetKind.Mix);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wav)), stored.Sha256);
        Assert.Equal(wav.Length, stored.SizeBytes);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    /// <summary>A fresh draft of Ava's with one track and an empty brief, so this test shares nothing with the others.</summary>
    async Task<Guid> NewDraftForAvaAsync(string title = "Night Drive (single)")
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var project = people.NewProjectOfAvas(title, ProjectStatus.Draft);
        project.Tracks.Add(new Track { ProjectId = project.Id, Title = TrackTitle, Position = 1, Brief = new Brief() });
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }
}
