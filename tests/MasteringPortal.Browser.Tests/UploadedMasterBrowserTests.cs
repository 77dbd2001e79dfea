using System.Diagnostics;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// A master made outside the portal, through the real pages: the engineer uploads one (a file ffmpeg makes) in the
/// workspace, its checks flag a true peak above the studio's ceiling, the engineer uploads a corrected one, keeps the
/// derived 16-bit file, gives their own MP3, uploads its instrumental beside it (checked against the main master, its
/// 16-bit file and MP3 derived) and posts it; the client hears it loudness-matched against the mix, gives the instrumental
/// its ISRC from the keyboard, approves, the engineer records the payment, and the client downloads exactly those files
/// (hashes compared).
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class UploadedMasterBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task Engineer_uploads_a_master_sees_it_over_the_ceiling_uploads_a_corrected_one_and_posts_it()
    {
        var (projectId, trackId) = await SubmittedProjectAsync();
        var folder = Directory.CreateTempSubdirectory("mp-browser-master-").FullName;
        var hot = await MasterAsync(Path.Combine(folder, "Tidal Pull MASTER v1.wav"), volumeDb: 2.8);
        var corrected = await MasterAsync(Path.Combine(folder, "Tidal Pull MASTER v2.wav"), volumeDb: -1.0);
        var ownMp3 = await Mp3Async(corrected, Path.Combine(folder, "Tidal Pull (my LAME encode).mp3"));
        var instrumental = await MasterAsync(Path.Combine(folder, "Tidal Pull INSTRUMENTAL.wav"), volumeDb: -1.0, withTone: false);
        await AddMixAsync(projectId, trackId, await MasterAsync(Path.Combine(folder, "mix.wav"), volumeDb: -8.0));

        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);

        // Revision 1: the hot master. Its checks flag the true peak above the studio's -1 dBTP ceiling.
        await engineer.GetByTestId("upload-master").GetByTestId("upload-input").SetInputFilesAsync(hot);
        var first = engineer.Locator("[data-testid=revision-card][data-revision=\"1\"]");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, first, 60_000);
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        Assert.Equal("Uploaded master", await first.GetByTestId("revision-origin").InnerTextAsync());
        var peak = first.GetByTestId("master-check-true-peak");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, peak, 30_000);
        Assert.Equal("problem", await peak.GetAttributeAsync("data-status"));
        Assert.Contains("above the studio's ceiling of -1.0 dBTP", await peak.InnerTextAsync());
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-uploaded-master-over-ceiling");

        // Revision 2: the corrected master passes, and is posted.
        await engineer.GetByTestId("upload-master").GetByTestId("upload-input").SetInputFilesAsync(corrected);
        var second = engineer.Locator("[data-testid=revision-card][data-revision=\"2\"]");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, second, 60_000);
        await Assertions.Expect(second).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, second.GetByTestId("master-check-true-peak"), 30_000);
        Assert.Equal("pass", await second.GetByTestId("master-check-true-peak").GetAttributeAsync("data-status"));
        // The brief's 16-bit file stays derived by the portal; the MP3 is the engineer's own encode.
        await Assertions.Expect(second.GetByTestId("deliverable-wav16")).ToHaveAttributeAsync("data-own", "false");
        await second.GetByTestId("own-mp3-panel").ClickAsync();
        await second.GetByTestId("own-mp3-panel").GetByTestId("upload-input").SetInputFilesAsync(ownMp3);
        await Assertions.Expect(second.GetByTestId("deliverable-mp3")).ToHaveAttributeAsync("data-own", "true", new() { Timeout = 60_000 });
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-uploaded-master-own-mp3");
        // Its instrumental, from the same session: checked against the main master, then measured and given the brief's formats.
        await second.GetByTestId("alternate-master-upload-panel").GetByText("Upload alternate masters").ClickAsync();
        await second.Locator("[data-testid=alternate-master-upload][data-kind=instrumental]").GetByTestId("upload-input").SetInputFilesAsync(instrumental);
        var instrumentalLine = second.Locator("[data-testid=alternate-master][data-kind=instrumental]");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, instrumentalLine, 60_000);
        await Assertions.Expect(instrumentalLine).ToHaveAttributeAsync("data-pending", "false", new() { Timeout = 60_000 });
        await Assertions.Expect(instrumentalLine.GetByTestId("alternate-master-verdicts")).ToContainTextAsync("lines up with the main master");
        await Assertions.Expect(instrumentalLine.GetByTestId("alternate-master-download")).ToHaveCountAsync(3);
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-uploaded-master-instrumental");
        await second.GetByTestId("post-note").FillAsync("Mastered on my own chain; peaks now under -1 dBTP.");
        await second.GetByTestId("post-revision").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, second.GetByTestId("revision-posted"));

        // The client's review page has it, with its figures, like any revision.
        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await client.GetByTestId("review-page").WaitForAsync();
        var posted = client.Locator("[data-testid=review-source][data-kind=revision][data-revision=\"2\"]");
        await PortalBrowserFixture.WaitOrExplainAsync(client, posted, 30_000);
        Assert.Contains("own chain", await posted.GetByTestId("review-status").InnerTextAsync());
        Assert.Contains("LUFS", await posted.GetByTestId("review-figures").InnerTextAsync());
        // Heard against the mix, loudness-matched (the page's default).
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.Locator("[data-testid=review-source][data-kind=mix]"), 30_000);
        Assert.True(await client.GetByTestId("review-match").IsCheckedAsync());
        // Revision 1 was never posted: the client does not see it.
        Assert.Equal(0, await client.Locator("[data-testid=review-source][data-kind=revision][data-revision=\"1\"]").CountAsync());
        await PortalBrowserFixture.ScreenshotAsync(client, "review-uploaded-master");

        // The instrumental's own ISRC, typed on the project page and saved from the keyboard.
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("alternates-panel").GetByText("Alternate versions").ClickAsync();
        var instrumentalRow = client.Locator("[data-testid=alternate][data-kind=instrumental]");
        var isrc = instrumentalRow.Locator("input[data-testid=alternate-isrc-input]");
        await PortalBrowserFixture.WaitOrExplainAsync(client, isrc, 30_000);
        await isrc.FillAsync("gb-aye-26-00601");
        await client.Keyboard.PressAsync("Tab");
        await Assertions.Expect(instrumentalRow.GetByTestId("alternate-isrc-save")).ToBeFocusedAsync();
        await client.Keyboard.PressAsync("Enter");
        await Assertions.Expect(instrumentalRow.GetByTestId("alternate-isrc-saved")).ToHaveTextAsync("ISRC: GBAYE2600601");

        // Approve, pay (the engineer records the bank transfer), download: exactly the master, the derived 16-bit file,
        // the engineer's own MP3, and the instrumental with the 16-bit file and MP3 derived from it.
        await client.GetByTestId("action-Approve").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Approved");
        await engineer.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("action-MarkPaid").ClickAsync();
        await engineer.GetByTestId("payment-reference").FillAsync("Bank transfer");
        await engineer.GetByTestId("payment-reference").BlurAsync();
        await engineer.GetByTestId("confirm-paid").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("project-status")).ToHaveTextAsync("Paid");

        await client.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Paid");
        var links = client.GetByTestId("download-file");
        await Assertions.Expect(links).ToHaveCountAsync(6);
        await Assertions.Expect(client.Locator("[data-testid=delivery-alternate][data-kind=instrumental]")).ToContainTextAsync("Tidal Pull (Instrumental) · ISRC GBAYE2600601");
        var downloaded = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var download = await client.RunAndWaitForDownloadAsync(() => links.Nth(i).ClickAsync());
            var saved = Path.Combine(folder, $"download-{i}");
            await download.SaveAsAsync(saved);
            downloaded.Add(Sha256Of(saved));
        }
        List<string> expected = [Sha256Of(corrected), Sha256Of(ownMp3), Sha256Of(instrumental), .. await DerivedHashesAsync(projectId)];
        Assert.Equal(expected.Order(), downloaded.Order());
        Assert.Contains("the engineer's own file", await client.GetByTestId("delivery").InnerTextAsync());
        await PortalBrowserFixture.ScreenshotAsync(client, "delivery-uploaded-master");

        // The same workspace on a phone, for looking at.
        var phone = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(phone, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await phone.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await phone.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.ScreenshotAsync(phone, "phone-workspace-uploaded-master");
        await phone.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(phone);
        await phone.GetByTestId("alternates-panel").GetByText("Alternate versions").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(phone, phone.Locator("[data-testid=alternate][data-kind=instrumental] input[data-testid=alternate-isrc-input]"), 30_000);
        await PortalBrowserFixture.ScreenshotAsync(phone, "phone-project-alternates");
        await phone.GotoAsync("/account/tokens");
        await PortalBrowserFixture.WaitForCircuitAsync(phone);
        await PortalBrowserFixture.ScreenshotAsync(phone, "phone-access-tokens");

        Directory.Delete(folder, recursive: true);
        // Uploads (hashing in WebAssembly), the workspace, the review player and charts, payment and downloads all
        // ran under the Content-Security-Policy without it refusing anything.
        Assert.Empty(portal.CspViolations);
    }

    /// <summary>
    /// A 6 s, 24-bit 48 kHz stereo master made by ffmpeg: pink noise and a tone through a limiter (true peak about -2.9 dBTP),
    /// then <paramref name="volumeDb"/> of gain; without the tone, its "instrumental" from the same session.
    /// </summary>
    static async Task<string> MasterAsync(string path, double volumeDb, bool withTone = true)
    {
        var filter = $"{(withTone ? "[0][1]amix=inputs=2:normalize=0" : "[0]anull")},volume=6dB,alimiter=limit=0.97:level=false,volume={volumeDb}dB";
        using var ffmpeg = Process.Start("ffmpeg", ["-v", "error", "-y",
            "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.6:duration=6:sample_rate=48000:seed=7",
            "-f", "lavfi", "-i", "sine=frequency=220:duration=6:sample_rate=48000",
            "-filter_complex", filter, "-ac", "2", "-ar", "48000", "-c:a", "pcm_s24le", path])!;
        await ffmpeg.WaitForExitAsync();
        Assert.Equal(0, ffmpeg.ExitCode);
        return path;
    }

    static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The MP3 an engineer would make with their own encoder (LAME through ffmpeg, 320 kb/s).</summary>
    static async Task<string> Mp3Async(string wav, string path)
    {
        using var ffmpeg = Process.Start("ffmpeg", ["-v", "error", "-y", "-i", wav, "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "320k", path])!;
        await ffmpeg.WaitForExitAsync();
        Assert.Equal(0, ffmpeg.ExitCode);
        return path;
    }

    /// <summary>
    /// The hashes of the files the portal derived for the approved revision: the main master's 16-bit file, and the
    /// instrumental's 16-bit file and MP3.
    /// </summary>
    async Task<List<string>> DerivedHashesAsync(Guid projectId)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var approved = await db.Tracks.Where(t => t.ProjectId == projectId).Select(t => t.ApprovedRevisionId).SingleAsync();
        var files = await db.FileAssets.AsNoTracking()
            .Where(f => f.RevisionId == approved && f.Kind == FileAssetKind.Master && f.UploadedById == null)
            .ToListAsync();
        Assert.Equal([(null, 16, "wav"), (AlternateKind.Instrumental, (int?)null, "mp3"), (AlternateKind.Instrumental, 16, "wav")],
            files.Select(f => (Kind: f.TrackAlternateId is null ? (AlternateKind?)null : AlternateKind.Instrumental, f.BitDepth, f.Format))
                .OrderBy(f => f.Kind.HasValue).ThenBy(f => f.Format, StringComparer.Ordinal).ToList());
        return files.Select(f => f.Sha256).ToList();
    }

    /// <summary>The track's mix, stored and analysed as if the client had uploaded it: what the master is compared with.</summary>
    async Task AddMixAsync(Guid projectId, Guid trackId, string path)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PortalDbContext>();
        StoredFile stored;
        await using (var content = File.OpenRead(path)) stored = await services.GetRequiredService<IFileStore>().PutAsync(content);
        var mix = new FileAsset
        {
            ProjectId = projectId, TrackId = trackId, Kind = FileAssetKind.Mix, OriginalName = "Tidal Pull mix.wav", Format = "wav",
            SampleRateHz = 48000, BitDepth = 24, Channels = 2, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
        };
        db.FileAssets.Add(mix);
        (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId = mix.Id;
        await db.SaveChangesAsync();
        await services.GetRequiredService<IPortalJobs>().QueueAnalysisAsync(mix.Id);
    }

    async Task<(Guid ProjectId, Guid TrackId)> SubmittedProjectAsync()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var project = people.NewProjectOfAvas("Tidal Pull (single)", ProjectStatus.Submitted);
        var track = new Track
        {
            ProjectId = project.Id, Title = "Tidal Pull", Position = 1,
            Brief = new Brief
            {
                TargetPlatforms = TargetPlatforms.Spotify, DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Wav16 | DeliveryFormats.Mp3,
            },
        };
        project.Tracks.Add(track);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, track.Id);
    }
}
